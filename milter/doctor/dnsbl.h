// DNS blocklist look-ups of the sending addresses (off unless zones are given).
#ifndef OHM_DOCTOR_DNSBL_H_
#define OHM_DOCTOR_DNSBL_H_

#include <string>
#include <vector>

#include "doctor/dns_client.h"
#include "doctor/finding.h"

namespace ohm::doctor {

// The DNSBL query name of `ip` in `zone`: reversed octets (IPv4) or nibbles
// (IPv6) followed by the zone, e.g. "5.113.0.203.zen.example". "" for a non-address.
std::string DnsblQueryName(const std::string& ip, const std::string& zone);

// Looks `ip` up in `zone`: listed (an A record in 127.0.0.0/8 other than
// 127.255.255.x) is a failure with the list's TXT reason; NXDOMAIN passes;
// 127.255.255.x (the list refuses the resolver) and DNS errors are warnings.
Finding CheckDnsbl(DnsClient& dns, const std::string& ip, const std::string& zone);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DNSBL_H_
