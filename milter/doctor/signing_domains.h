// From ohm's DKIM key table to doctor checks: one check per signing domain,
// covering every selector the domain signs with, plus the [doctor] settings
// (server addresses, HELO name, blocklists, resolver). Shared by
// `ohm doctor --config` and the daemon's background check.
#ifndef OHM_DOCTOR_SIGNING_DOMAINS_H_
#define OHM_DOCTOR_SIGNING_DOMAINS_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "dkim/dkim_settings.h"
#include "dkim/key_material.h"
#include "doctor/dkim_record.h"
#include "doctor/dns_client.h"
#include "doctor/doctor_report.h"

namespace ohm::doctor {

// One key of the key table as the doctor needs it.
struct SigningDomainKey {
  std::string domain;  // d=
  DkimKeyToCheck key;
};

// Key table rows as written (the key files are read later, by the check).
std::vector<SigningDomainKey> KeysOfTable(const std::vector<DkimKeyEntry>& entries);

// Keys as the daemon loaded them, with their public records, so the check
// needs no access to the key files.
std::vector<SigningDomainKey> KeysOfLoaded(const std::vector<SigningKey>& keys);

// One DoctorOptions per domain, in the order the domains first appear, each
// with that domain's selectors (a selector and key file written twice, say in
// the table and in an imported OpenDKIM KeyTable, is checked once) and the
// addresses, HELO name and blocklists of `settings`. Domains are compared
// without case and a trailing dot.
std::vector<DoctorOptions> PlanSigningDomainChecks(const std::vector<SigningDomainKey>& keys,
                                                   const DoctorSettings& settings);

// The DNS client settings of [doctor].
DnsClientOptions DnsOptionsOf(const DoctorSettings& settings);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_SIGNING_DOMAINS_H_
