// Reverse DNS of a sending address as receivers check it: a PTR exists, its
// name resolves back to the address (forward-confirmed), the name follows the
// providers' rules, and it is the name the server announces in HELO.
#ifndef OHM_DOCTOR_REVERSE_DNS_H_
#define OHM_DOCTOR_REVERSE_DNS_H_

#include <string>
#include <vector>

#include "doctor/dns_client.h"
#include "doctor/finding.h"

namespace ohm::doctor {

// What is wrong with `name` as a mail server's reverse name per the
// providers' rules (lowercase, no label starting with '-', at most 80
// characters); "" when nothing is.
std::string ReverseNameProblem(const std::string& name);

// Checks the PTR of `ip`. `helo` (may be "") is the HELO name Postfix sends
// (myhostname); `domain` names the suggested host when there is no PTR and no
// HELO name. Findings have check "reverse_dns" and details.rule "ptr",
// "forward_confirmed", "name" or "helo".
std::vector<Finding> CheckReverseDns(DnsClient& dns, const std::string& ip, const std::string& helo,
                                     const std::string& domain);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_REVERSE_DNS_H_
