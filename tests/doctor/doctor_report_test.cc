#include "doctor/doctor_report.h"

#include <doctest/doctest.h>

#include "fake_dns.h"

namespace ohm::doctor {

namespace {

// A domain that passes everything but DKIM (not asked for here).
FakeDns GoodDomain() {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 ip4:203.0.113.5 -all");
  dns.Add("_dmarc.example.com", DnsType::kTxt, "v=DMARC1; p=reject; rua=mailto:d@example.com");
  dns.Add("5.113.0.203.in-addr.arpa", DnsType::kPtr, "mail.example.com");
  dns.Add("mail.example.com", DnsType::kA, "203.0.113.5");
  dns.Add("example.com", DnsType::kMx, "mail.example.com");
  return dns;
}

}  // namespace

TEST_CASE("a good domain exits 0 and its JSON lists passing findings") {
  FakeDns dns = GoodDomain();
  DoctorReport r = RunDoctor(dns, {.domain = "example.com", .ips = {"203.0.113.5"}, .helo = "mail.example.com"});
  CHECK(r.ExitCode() == 0);
  nlohmann::json j = r.ToJson();
  CHECK(j["result"] == "pass");
  CHECK(j["skipped"][0] == "dkim: no --selector given");
  for (const auto& f : j["findings"]) CHECK(f["status"] == "pass");
  CHECK(r.ToText().find("0 failures, 0 warnings") != std::string::npos);
  // The root dot changes nothing.
  CHECK(RunDoctor(dns, {.domain = "example.com.", .ips = {"203.0.113.5"}, .helo = "mail.example.com."}).ExitCode() == 0);
}

TEST_CASE("?all warns (exit 1); +all and an unlisted address fail (exit 2) with the record to publish") {
  FakeDns dns = GoodDomain();
  dns.Add("neutral.example", DnsType::kTxt, "v=spf1 ip4:203.0.113.5 ?all");
  dns.Add("_dmarc.neutral.example", DnsType::kTxt, "v=DMARC1; p=reject; rua=mailto:d@neutral.example");
  dns.Add("neutral.example", DnsType::kMx, "mail.example.com");
  DoctorReport r = RunDoctor(dns, {.domain = "neutral.example", .ips = {"203.0.113.5"}});
  CHECK(r.ExitCode() == 1);

  dns.Add("open.example", DnsType::kTxt, "v=spf1 mx +all");
  std::vector<Finding> spf = CheckSpf(dns, "open.example", {"203.0.113.5"}, "");
  REQUIRE(spf.size() == 2);
  CHECK(spf[0].severity == Severity::kPass);  // +all passes everyone, which is the problem
  CHECK(spf[1].check == "spf_all");
  CHECK(spf[1].severity == Severity::kFail);
  CHECK(spf[1].fix == "open.example. 3600 IN TXT \"v=spf1 ip4:203.0.113.5 mx ~all\"");

  spf = CheckSpf(dns, "example.com", {"198.51.100.7"}, "");
  CHECK(spf[0].severity == Severity::kFail);
  CHECK(spf[0].details["result"] == "fail");
  CHECK(spf[0].fix == "example.com. 3600 IN TXT \"v=spf1 ip4:198.51.100.7 ip4:203.0.113.5 -all\"");
}

TEST_CASE("DMARC alignment fails when neither SPF nor DKIM passes") {
  FakeDns dns = GoodDomain();
  DoctorReport r = RunDoctor(dns, {.domain = "example.com", .ips = {"198.51.100.7"}, .dkim_keys = {{.selector = "s1"}}});
  const Finding* alignment = nullptr;
  for (const Finding& f : r.findings)
    if (f.check == "dmarc_alignment") alignment = &f;
  REQUIRE(alignment);
  CHECK(alignment->severity == Severity::kFail);
  CHECK(alignment->summary == "SPF fails, DKIM fails");
  r = RunDoctor(dns, {.domain = "example.com", .ips = {"203.0.113.5"}});
  for (const Finding& f : r.findings)
    if (f.check == "dmarc_alignment") CHECK(f.summary == "SPF for example.com aligns, DKIM not checked");
}

TEST_CASE("without server addresses SPF and reverse DNS are skipped, not failed") {
  FakeDns dns = GoodDomain();
  DoctorReport r = RunDoctor(dns, {.domain = "example.com", .no_dkim_reason = "dkim: no key for example.com"});
  CHECK(r.ExitCode() == 0);
  CHECK(r.skipped == std::vector<std::string>{"spf, reverse_dns: no server address given", "dkim: no key for example.com"});
  for (const Finding& f : r.findings) {
    CHECK(f.check != "spf");
    CHECK(f.check != "reverse_dns");
    if (f.check == "dmarc_alignment") {
      CHECK(f.summary == "SPF not checked, DKIM not checked");
      CHECK(f.details["spf_aligned"].is_null());
    }
  }
}

TEST_CASE("every key of a domain is checked; one good key is enough for DMARC alignment") {
  FakeDns dns = GoodDomain();
  dns.Add("good._domainkey.example.com", DnsType::kTxt, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  DoctorReport r = RunDoctor(dns, {.domain = "example.com", .dkim_keys = {{.selector = "good"}, {.selector = "missing"}}});
  std::vector<std::string> dkim;
  for (const Finding& f : r.findings) {
    if (f.check == "dkim") dkim.push_back(f.subject + " " + SeverityName(f.severity));
    if (f.check == "dmarc_alignment") {
      CHECK(f.severity == Severity::kPass);
      CHECK(f.summary == "SPF not checked, DKIM d=example.com aligns");
    }
  }
  CHECK(dkim == std::vector<std::string>{"good._domainkey.example.com pass", "missing._domainkey.example.com fail"});
  CHECK(r.ExitCode() == 2);

  r = RunDoctor(dns, {.domain = "example.com", .dkim_keys = {{.selector = "missing"}}});
  for (const Finding& f : r.findings)
    if (f.check == "dmarc_alignment") CHECK(f.severity == Severity::kFail);
}

TEST_CASE("no MX and a null MX") {
  FakeDns dns;
  CHECK(CheckMx(dns, "example.com")[0].fix == "example.com. 3600 IN MX 10 mail.example.com.");
  dns.Add("null.example", DnsType::kMx, ".");
  CHECK(CheckMx(dns, "null.example")[0].severity == Severity::kWarn);
}

}  // namespace ohm::doctor
