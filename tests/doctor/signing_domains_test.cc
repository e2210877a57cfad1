#include "doctor/signing_domains.h"

#include <doctest/doctest.h>

namespace ohm::doctor {

namespace {

DkimKeyEntry Entry(const std::string& domain, const std::string& selector, const std::string& key_file) {
  DkimKeyEntry e;
  e.name = selector + "._domainkey." + domain;
  e.domain = domain;
  e.selector = selector;
  e.key_file = key_file;
  return e;
}

}  // namespace

TEST_CASE("the key table becomes one check per signing domain with all its selectors") {
  DoctorSettings settings;
  settings.ips = {"203.0.113.5"};
  settings.helo = "mail.example.com";
  settings.dnsbl_zones = {"bl.example"};
  std::vector<DkimKeyEntry> table = {Entry("example.com", "r1", "/k/r1.key"), Entry("example.org", "s1", "/k/org.key"),
                                     Entry("Example.COM.", "e1", "/k/e1.key"),
                                     // the same key again, as an imported OpenDKIM KeyTable would list it
                                     Entry("example.com", "r1", "/k/r1.key")};
  std::vector<DoctorOptions> plan = PlanSigningDomainChecks(KeysOfTable(table), settings);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].domain == "example.com");
  REQUIRE(plan[0].dkim_keys.size() == 2);
  CHECK(plan[0].dkim_keys[0].selector == "r1");
  CHECK(plan[0].dkim_keys[0].key_file == "/k/r1.key");
  CHECK(plan[0].dkim_keys[0].public_record.empty());
  CHECK(plan[0].dkim_keys[1].selector == "e1");
  CHECK(plan[0].ips == settings.ips);
  CHECK(plan[0].helo == "mail.example.com");
  CHECK(plan[0].dnsbl_zones == settings.dnsbl_zones);
  CHECK(plan[1].domain == "example.org");
  REQUIRE(plan[1].dkim_keys.size() == 1);
  CHECK(plan[1].dkim_keys[0].selector == "s1");
}

TEST_CASE("loaded keys carry their public record; no keys plan no checks") {
  SigningKey key;
  key.entry = Entry("example.com", "e1", "/k/e1.key");
  key.algorithm = DkimAlgorithm::kEd25519Sha256;
  key.public_b64 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  std::vector<DoctorOptions> plan = PlanSigningDomainChecks(KeysOfLoaded({key}), DoctorSettings{});
  REQUIRE(plan.size() == 1);
  REQUIRE(plan[0].dkim_keys.size() == 1);
  CHECK(plan[0].dkim_keys[0].public_record == key.DnsRecord());
  CHECK(plan[0].ips.empty());
  CHECK(PlanSigningDomainChecks({}, DoctorSettings{}).empty());
}

TEST_CASE("the resolver settings of [doctor] reach the DNS client") {
  DoctorSettings settings;
  settings.resolver = "127.0.0.1:5353";
  settings.timeout_ms = 250;
  settings.retries = 0;
  DnsClientOptions o = DnsOptionsOf(settings);
  CHECK(o.resolver == "127.0.0.1:5353");
  CHECK(o.timeout_ms == 250);
  CHECK(o.retries == 0);
}

}  // namespace ohm::doctor
