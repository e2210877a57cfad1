// Domain-name helpers shared by the checks: syntax and reverse-zone names.
#ifndef OHM_DOCTOR_DNS_NAMES_H_
#define OHM_DOCTOR_DNS_NAMES_H_

#include <string>

namespace ohm::doctor {

// True when `name` (optionally with a trailing dot) has 1..63-octet labels,
// at least two of them, and at most 253 octets in all.
bool IsValidDomainName(const std::string& name);

// The PTR owner name of a numeric address: "5.113.0.203.in-addr.arpa" or the
// nibble form under ip6.arpa. "" when `ip` is not an address.
std::string ReverseName(const std::string& ip);

// Lowercase copy, for comparing names case-insensitively.
std::string LowercaseName(std::string name);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DNS_NAMES_H_
