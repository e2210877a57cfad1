#include "doctor/spf_evaluator.h"

#include <doctest/doctest.h>

#include "fake_dns.h"

namespace ohm::doctor {

namespace {

SpfEvaluation Check(FakeDns& dns, const std::string& domain, const std::string& ip) {
  return EvaluateSpf(dns, SpfQuery{domain, ip, "", ""});
}

}  // namespace

TEST_CASE("ip4 and ip6 with prefixes, and the qualifier of the matching term") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 -all");
  dns.Add("example.com", DnsType::kTxt, "google-site-verification=abc");
  SpfEvaluation e = Check(dns, "example.com", "203.0.113.77");
  CHECK(e.result == SpfResult::kPass);
  CHECK(e.matched == "ip4:203.0.113.0/24");
  CHECK(e.record_count == 1);
  CHECK(e.all_qualifier == '-');
  CHECK(Check(dns, "example.com", "2001:db8:1::5").result == SpfResult::kPass);
  CHECK(Check(dns, "example.com", "198.51.100.1").result == SpfResult::kFail);
  CHECK(Check(dns, "example.com", "::ffff:203.0.113.9").result == SpfResult::kPass);
}

TEST_CASE("a and mx with dual CIDR, include and redirect") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 a mx/24 include:_spf.provider.net ~all");
  dns.Add("example.com", DnsType::kA, "192.0.2.10");
  dns.Add("example.com", DnsType::kMx, "mx1.example.com");
  dns.Add("mx1.example.com", DnsType::kA, "198.51.100.20");
  dns.Add("_spf.provider.net", DnsType::kTxt, "v=spf1 redirect=_spf2.provider.net");
  dns.Add("_spf2.provider.net", DnsType::kTxt, "v=spf1 ip4:233.252.0.0/16 -all");
  CHECK(Check(dns, "example.com", "192.0.2.10").result == SpfResult::kPass);
  CHECK(Check(dns, "example.com", "192.0.2.11").result == SpfResult::kSoftFail);
  CHECK(Check(dns, "example.com", "198.51.100.99").matched == "mx/24");
  SpfEvaluation e = Check(dns, "example.com", "233.252.1.1");
  CHECK(e.result == SpfResult::kPass);
  CHECK(e.matched == "include:_spf.provider.net");
  CHECK(e.dns_lookups == 4);  // a, mx, include, redirect
  // The include's own -all does not end the including record.
  CHECK(Check(dns, "example.com", "10.0.0.1").result == SpfResult::kSoftFail);
}

TEST_CASE("redirect makes the target's all the domain's policy") {
  FakeDns dns;
  dns.Add("example.org", DnsType::kTxt, "v=spf1 redirect=_spf.example.org");
  dns.Add("_spf.example.org", DnsType::kTxt, "v=spf1 ip4:192.0.2.1 ?all");
  SpfEvaluation e = Check(dns, "example.org", "192.0.2.2");
  CHECK(e.result == SpfResult::kNeutral);
  CHECK(e.all_qualifier == '?');
}

TEST_CASE("exists with macros, and all qualifiers") {
  FakeDns dns;
  dns.Add("example.net", DnsType::kTxt, "v=spf1 exists:%{ir}.%{v}._spf.%{d} +all");
  dns.Add("1.2.0.192.in-addr._spf.example.net", DnsType::kA, "127.0.0.2");
  SpfEvaluation e = Check(dns, "example.net", "192.0.2.1");
  CHECK(e.result == SpfResult::kPass);
  CHECK(e.matched.starts_with("exists:"));
  e = Check(dns, "example.net", "192.0.2.9");
  CHECK(e.result == SpfResult::kPass);
  CHECK(e.matched == "+all");
  CHECK(e.all_qualifier == '+');
}

TEST_CASE("more than 10 lookups is permerror") {
  FakeDns dns;
  for (int i = 0; i < 12; ++i) {
    std::string next = "l" + std::to_string(i + 1) + ".example.com";
    dns.Add("l" + std::to_string(i) + ".example.com", DnsType::kTxt,
            i == 11 ? "v=spf1 ip4:192.0.2.1 -all" : "v=spf1 include:" + next + " -all");
  }
  dns.Add("example.com", DnsType::kTxt, "v=spf1 include:l0.example.com -all");
  SpfEvaluation e = Check(dns, "example.com", "192.0.2.1");
  CHECK(e.result == SpfResult::kPermError);
  CHECK(e.dns_lookups == 11);
  CHECK(e.problem.find("more than 10 DNS lookups") != std::string::npos);
}

TEST_CASE("more than two void lookups is permerror") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 a:gone1.example.com a:gone2.example.com a:gone3.example.com -all");
  SpfEvaluation e = Check(dns, "example.com", "192.0.2.1");
  CHECK(e.result == SpfResult::kPermError);
  CHECK(e.void_lookups == 3);
}

TEST_CASE("none, two records, syntax errors, missing include target, DNS timeout") {
  FakeDns dns;
  CHECK(Check(dns, "nothing.example", "192.0.2.1").result == SpfResult::kNone);
  dns.Add("two.example", DnsType::kTxt, "v=spf1 -all").Add("two.example", DnsType::kTxt, "v=spf1 ~all");
  SpfEvaluation e = Check(dns, "two.example", "192.0.2.1");
  CHECK(e.result == SpfResult::kPermError);
  CHECK(e.record_count == 2);
  dns.Add("bad.example", DnsType::kTxt, "v=spf1 ip4:192.0.2.300 -all");
  CHECK(Check(dns, "bad.example", "192.0.2.1").result == SpfResult::kPermError);
  dns.Add("typo.example", DnsType::kTxt, "v=spf1 include=foo.example -all");
  CHECK(Check(dns, "typo.example", "192.0.2.1").result == SpfResult::kFail);  // unknown modifier ignored
  dns.Add("mech.example", DnsType::kTxt, "v=spf1 inclde:foo.example -all");
  CHECK(Check(dns, "mech.example", "192.0.2.1").result == SpfResult::kPermError);
  dns.Add("inc.example", DnsType::kTxt, "v=spf1 include:missing.example -all");
  CHECK(Check(dns, "inc.example", "192.0.2.1").result == SpfResult::kPermError);
  dns.Add("slow.example", DnsType::kTxt, "v=spf1 include:dead.example -all").Timeout("dead.example");
  e = Check(dns, "slow.example", "192.0.2.1");
  CHECK(e.result == SpfResult::kTempError);
  CHECK(e.problem.find("timed out") != std::string::npos);
  // Matching before the limit is reached still counts (evaluation stops at the match).
  dns.Add("early.example", DnsType::kTxt, "v=spf1 ip4:192.0.2.1 include:missing.example -all");
  CHECK(Check(dns, "early.example", "192.0.2.1").result == SpfResult::kPass);
}

TEST_CASE("suggested records") {
  CHECK(SuggestSpfRecord("", {"203.0.113.5"}) == "v=spf1 ip4:203.0.113.5 ~all");
  CHECK(SuggestSpfRecord("v=spf1 mx +all", {"203.0.113.5", "2001:db8::5"}) ==
        "v=spf1 ip4:203.0.113.5 ip6:2001:db8::5 mx ~all");
  CHECK(SuggestSpfRecord("v=spf1 ip4:203.0.113.5 -all", {"203.0.113.5"}) == "v=spf1 ip4:203.0.113.5 -all");
  CHECK(SuggestSpfRecord("v=spf1 include:x.example", {"192.0.2.1"}) == "v=spf1 ip4:192.0.2.1 include:x.example ~all");
}

}  // namespace ohm::doctor

namespace ohm::doctor {

TEST_CASE("the matched term is the domain's own, not one inside an include") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 include:_spf.example.net");
  dns.Add("_spf.example.net", DnsType::kTxt, "v=spf1 ip4:192.0.2.1 -all");
  SpfEvaluation e = EvaluateSpf(dns, SpfQuery{"example.com", "198.51.100.1", "", ""});
  CHECK(e.result == SpfResult::kNeutral);
  CHECK(e.matched == "");
  CHECK(e.all_qualifier == 0);
  e = EvaluateSpf(dns, SpfQuery{"example.com", "192.0.2.1", "", ""});
  CHECK(e.matched == "include:_spf.example.net");
}

}  // namespace ohm::doctor

namespace ohm::doctor {

TEST_CASE("macros: transformers, delimiters and the sender's parts") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 exists:%{l1r-}.%{o}.%{d2}.%{i2r}.m.example -all");
  // RFC 7208 7.4: parts reversed, then the right-most N kept. l = "bounce-list-42"
  // split on '-' and reversed is 42.list.bounce, right-most 1 is "bounce";
  // i = 192.0.2.1 reversed is 1.2.0.192, right-most 2 is "0.192".
  dns.Add("bounce.example.com.example.com.0.192.m.example", DnsType::kA, "127.0.0.2");
  CHECK(EvaluateSpf(dns, SpfQuery{"example.com", "192.0.2.1", "bounce-list-42@example.com", ""}).result ==
        SpfResult::kPass);
  CHECK(EvaluateSpf(dns, SpfQuery{"example.com", "192.0.2.1", "other@example.com", ""}).result == SpfResult::kFail);
  dns.Add("bad.example", DnsType::kTxt, "v=spf1 exists:%{z}.example -all");
  CHECK(EvaluateSpf(dns, SpfQuery{"bad.example", "192.0.2.1", "", ""}).result == SpfResult::kPermError);
  dns.Add("v6.example", DnsType::kTxt, "v=spf1 exists:%{ir}.%{v}.v6.example -all");
  dns.Add("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.v6.example", DnsType::kA, "127.0.0.2");
  CHECK(EvaluateSpf(dns, SpfQuery{"v6.example", "2001:db8::1", "", ""}).result == SpfResult::kPass);
}

TEST_CASE("a with //cidr6, ptr, redirect ignored beside all, more than 10 MX names") {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 a:hosts.example.com/24//64 -all redirect=other.example");
  dns.Add("hosts.example.com", DnsType::kAaaa, "2001:db8:1:2::1");
  dns.Add("hosts.example.com", DnsType::kA, "192.0.2.1");
  CHECK(EvaluateSpf(dns, SpfQuery{"example.com", "2001:db8:1:2:ffff::9", "", ""}).result == SpfResult::kPass);
  CHECK(EvaluateSpf(dns, SpfQuery{"example.com", "2001:db8:1:3::9", "", ""}).result == SpfResult::kFail);
  CHECK(EvaluateSpf(dns, SpfQuery{"example.com", "192.0.2.200", "", ""}).result == SpfResult::kPass);

  dns.Add("ptr.example", DnsType::kTxt, "v=spf1 ptr -all");
  dns.Add("5.113.0.203.in-addr.arpa", DnsType::kPtr, "mail.ptr.example");
  dns.Add("mail.ptr.example", DnsType::kA, "203.0.113.5");
  dns.Add("6.113.0.203.in-addr.arpa", DnsType::kPtr, "mail.ptr.example");  // does not resolve back
  CHECK(EvaluateSpf(dns, SpfQuery{"ptr.example", "203.0.113.5", "", ""}).result == SpfResult::kPass);
  CHECK(EvaluateSpf(dns, SpfQuery{"ptr.example", "203.0.113.6", "", ""}).result == SpfResult::kFail);

  dns.Add("manymx.example", DnsType::kTxt, "v=spf1 mx -all");
  for (int i = 0; i < 11; ++i) dns.Add("manymx.example", DnsType::kMx, "mx" + std::to_string(i) + ".manymx.example");
  SpfEvaluation e = EvaluateSpf(dns, SpfQuery{"manymx.example", "192.0.2.1", "", ""});
  CHECK(e.result == SpfResult::kPermError);
  CHECK(e.problem.find("more than 10 MX records") != std::string::npos);
}

}  // namespace ohm::doctor
