#include "doctor/dnsbl.h"

#include <doctest/doctest.h>

#include "fake_dns.h"

namespace ohm::doctor {

TEST_CASE("DNSBL query names and verdicts") {
  CHECK(DnsblQueryName("203.0.113.5", "bl.example") == "5.113.0.203.bl.example");
  CHECK(DnsblQueryName("2001:db8::1", "bl.example").ends_with(".8.b.d.0.1.0.0.2.bl.example"));
  FakeDns dns;
  dns.Add("6.113.0.203.bl.example", DnsType::kA, "127.0.0.2");
  dns.Add("6.113.0.203.bl.example", DnsType::kTxt, "listed for spam, see https://bl.example/");
  dns.Add("7.113.0.203.bl.example", DnsType::kA, "127.255.255.254");
  CHECK(CheckDnsbl(dns, "203.0.113.5", "bl.example").severity == Severity::kPass);
  Finding listed = CheckDnsbl(dns, "203.0.113.6", "bl.example");
  CHECK(listed.severity == Severity::kFail);
  CHECK(listed.summary == "listed in bl.example (127.0.0.2): listed for spam, see https://bl.example/");
  CHECK(CheckDnsbl(dns, "203.0.113.7", "bl.example").severity == Severity::kWarn);
  dns.Timeout("8.113.0.203.bl.example");
  CHECK(CheckDnsbl(dns, "203.0.113.8", "bl.example").severity == Severity::kWarn);
}

}  // namespace ohm::doctor
