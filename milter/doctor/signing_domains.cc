#include "doctor/signing_domains.h"

#include <algorithm>

#include "doctor/dns_names.h"

namespace ohm::doctor {

namespace {

std::string DomainKey(std::string domain) {
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  return LowercaseName(domain);
}

}  // namespace

std::vector<SigningDomainKey> KeysOfTable(const std::vector<DkimKeyEntry>& entries) {
  std::vector<SigningDomainKey> out;
  for (const DkimKeyEntry& e : entries) out.push_back({e.domain, {.selector = e.selector, .key_file = e.key_file}});
  return out;
}

std::vector<SigningDomainKey> KeysOfLoaded(const std::vector<SigningKey>& keys) {
  std::vector<SigningDomainKey> out;
  for (const SigningKey& k : keys)
    out.push_back({k.entry.domain,
                   {.selector = k.entry.selector, .key_file = k.entry.key_file, .public_record = k.DnsRecord()}});
  return out;
}

std::vector<DoctorOptions> PlanSigningDomainChecks(const std::vector<SigningDomainKey>& keys,
                                                   const DoctorSettings& settings) {
  std::vector<DoctorOptions> plan;
  for (const SigningDomainKey& k : keys) {
    std::string domain = DomainKey(k.domain);
    auto it = std::find_if(plan.begin(), plan.end(), [&](const DoctorOptions& o) { return o.domain == domain; });
    if (it == plan.end()) {
      DoctorOptions o;
      o.domain = domain;
      o.ips = settings.ips;
      o.helo = settings.helo;
      o.dnsbl_zones = settings.dnsbl_zones;
      plan.push_back(std::move(o));
      it = plan.end() - 1;
    }
    bool seen = std::any_of(it->dkim_keys.begin(), it->dkim_keys.end(), [&](const DkimKeyToCheck& c) {
      return c.selector == k.key.selector && c.key_file == k.key.key_file;
    });
    if (!seen) it->dkim_keys.push_back(k.key);
  }
  return plan;
}

DnsClientOptions DnsOptionsOf(const DoctorSettings& settings) {
  return {.resolver = settings.resolver, .timeout_ms = settings.timeout_ms, .retries = settings.retries};
}

}  // namespace ohm::doctor
