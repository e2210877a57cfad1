#include "doctor/reverse_dns.h"

#include <doctest/doctest.h>

#include "doctor/dns_names.h"
#include "fake_dns.h"

namespace ohm::doctor {

namespace {

const Finding* Rule(const std::vector<Finding>& findings, const std::string& rule) {
  for (const Finding& f : findings)
    if (f.details.value("rule", "") == rule) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("reverse names of IPv4 and IPv6 addresses") {
  CHECK(ReverseName("203.0.113.5") == "5.113.0.203.in-addr.arpa");
  CHECK(ReverseName("2001:db8::1") ==
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
  CHECK(ReverseName("mail.example.com") == "");
}

TEST_CASE("reverse name rules") {
  CHECK(ReverseNameProblem("mail.example.com") == "");
  CHECK(ReverseNameProblem("Mail.Example.com") == "has uppercase letters");
  CHECK(ReverseNameProblem("-mail.example.com") == "has a label starting with '-'");
  CHECK(ReverseNameProblem(std::string(78, 'a') + ".example.com").find("at most 80") != std::string::npos);
}

TEST_CASE("forward-confirmed PTR matching the HELO name passes") {
  FakeDns dns;
  dns.Add("5.113.0.203.in-addr.arpa", DnsType::kPtr, "mail.example.com");
  dns.Add("mail.example.com", DnsType::kA, "203.0.113.5");
  std::vector<Finding> f = CheckReverseDns(dns, "203.0.113.5", "mail.example.com", "example.com");
  REQUIRE(f.size() == 3);
  for (const Finding& x : f) CHECK(x.severity == Severity::kPass);
}

TEST_CASE("missing PTR, PTR not resolving back, bad names, HELO mismatch") {
  FakeDns dns;
  std::vector<Finding> f = CheckReverseDns(dns, "203.0.113.5", "mail.example.com", "example.com");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].fix == "5.113.0.203.in-addr.arpa. 3600 IN PTR mail.example.com.");

  dns.Add("6.113.0.203.in-addr.arpa", DnsType::kPtr, "Host-6.Example.com");
  dns.Add("host-6.example.com", DnsType::kA, "203.0.113.99");
  f = CheckReverseDns(dns, "203.0.113.6", "mail.example.com", "example.com");
  REQUIRE(Rule(f, "forward_confirmed"));
  CHECK(Rule(f, "forward_confirmed")->severity == Severity::kFail);
  CHECK(Rule(f, "forward_confirmed")->fix == "Host-6.Example.com. 3600 IN A 203.0.113.6");
  REQUIRE(Rule(f, "name"));
  CHECK(Rule(f, "name")->severity == Severity::kWarn);
  CHECK(Rule(f, "name")->fix == "6.113.0.203.in-addr.arpa. 3600 IN PTR host-6.example.com.");
  REQUIRE(Rule(f, "helo"));
  CHECK(Rule(f, "helo")->severity == Severity::kWarn);

  dns.Add("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", DnsType::kPtr, "mail.example.com");
  dns.Add("mail.example.com", DnsType::kAaaa, "2001:db8:0:0::1");
  f = CheckReverseDns(dns, "2001:db8::1", "", "example.com");
  REQUIRE(Rule(f, "forward_confirmed"));
  CHECK(Rule(f, "forward_confirmed")->severity == Severity::kPass);
  CHECK(!Rule(f, "helo"));

  dns.Timeout("7.113.0.203.in-addr.arpa");
  f = CheckReverseDns(dns, "203.0.113.7", "", "example.com");
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].summary.find("timed out") != std::string::npos);
}

}  // namespace ohm::doctor
