#include "doctor/dmarc_record.h"

#include <doctest/doctest.h>

#include "fake_dns.h"

namespace ohm::doctor {

TEST_CASE("DMARC records parse, with the RFC's defaults") {
  DmarcRecord r;
  CHECK(ParseDmarcRecord("v=DMARC1; p=reject; rua=mailto:a@example.com, mailto:b@example.net; pct=50; adkim=s", &r) == "");
  CHECK(r.policy == "reject");
  CHECK(r.rua == std::vector<std::string>{"mailto:a@example.com", "mailto:b@example.net"});
  CHECK(r.percent == 50);
  CHECK(r.adkim == "s");
  CHECK(r.aspf == "r");
  CHECK(ParseDmarcRecord("v=DMARC1;p=Quarantine;foo=bar;", &r) == "");
  CHECK(r.policy == "quarantine");
  CHECK(ParseDmarcRecord("p=reject; v=DMARC1", &r) == "the record must start with v=DMARC1");
  CHECK(ParseDmarcRecord("v=DMARC1; rua=mailto:a@example.com", &r) == "the record has no p= policy");
  CHECK(ParseDmarcRecord("v=DMARC1; p=block", &r).find("not none, quarantine or reject") != std::string::npos);
  CHECK(ParseDmarcRecord("v=DMARC1; p=none; pct=150", &r).find("pct=150") != std::string::npos);
}

TEST_CASE("DMARC findings: missing, p=none, no rua, good, two records") {
  FakeDns dns;
  std::vector<Finding> f = CheckDmarc(dns, "example.com");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].fix == "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com\"");

  dns.Add("_dmarc.none.example", DnsType::kTxt, "v=DMARC1; p=none; rua=mailto:r@none.example");
  f = CheckDmarc(dns, "none.example");
  CHECK(f[0].severity == Severity::kWarn);
  CHECK(f[0].fix == "_dmarc.none.example. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:r@none.example\"");
  CHECK(f[0].details["policy"] == "none");

  dns.Add("_dmarc.norua.example", DnsType::kTxt, "v=DMARC1; p=reject");
  f = CheckDmarc(dns, "norua.example");
  CHECK(f[0].severity == Severity::kWarn);
  CHECK(f[0].fix == "_dmarc.norua.example. 3600 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@norua.example\"");

  dns.Add("_dmarc.good.example", DnsType::kTxt, "v=DMARC1; p=reject; rua=mailto:d@good.example");
  f = CheckDmarc(dns, "good.example");
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].fix == "");
  CHECK(f[0].details["rua"][0] == "mailto:d@good.example");

  dns.Add("_dmarc.two.example", DnsType::kTxt, "v=DMARC1; p=reject").Add("_dmarc.two.example", DnsType::kTxt, "v=DMARC1; p=none");
  CHECK(CheckDmarc(dns, "two.example")[0].severity == Severity::kFail);

  dns.Timeout("_dmarc.slow.example");
  f = CheckDmarc(dns, "slow.example");
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].summary.find("timed out") != std::string::npos);
}

TEST_CASE("TXT lines split long text into 255-octet strings and escape quotes") {
  CHECK(TxtRecordLine("a.example", "x\"y") == "a.example. 3600 IN TXT \"x\\\"y\"");
  std::string line = TxtRecordLine("a.example.", std::string(300, 'k'));
  CHECK(line == "a.example. 3600 IN TXT \"" + std::string(255, 'k') + "\" \"" + std::string(45, 'k') + "\"");
}

}  // namespace ohm::doctor

namespace ohm::doctor {

TEST_CASE("a subdomain inherits the organisational domain's record, with its sp=") {
  FakeDns dns;
  dns.Add("_dmarc.example.com", DnsType::kTxt, "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com");
  std::vector<Finding> f = CheckDmarc(dns, "news.mail.example.com");
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].details["inherited_from"] == "_dmarc.example.com");
  CHECK(f[0].details["policy"] == "quarantine");
  CHECK(f[0].summary.starts_with("inherited from _dmarc.example.com: p=quarantine"));
  // The fix for a weak inherited record goes to the subdomain's own name.
  dns.Add("_dmarc.example.org", DnsType::kTxt, "v=DMARC1; p=none; rua=mailto:d@example.org");
  f = CheckDmarc(dns, "mail.example.org");
  CHECK(f[0].severity == Severity::kWarn);
  CHECK(f[0].fix == "_dmarc.mail.example.org. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:d@example.org\"");
  // Nothing anywhere: the failure names the domain's own record.
  f = CheckDmarc(dns, "a.b.example.net");
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].subject == "_dmarc.a.b.example.net");
  CHECK(f[0].fix.starts_with("_dmarc.a.b.example.net. 3600 IN TXT"));
}

}  // namespace ohm::doctor
