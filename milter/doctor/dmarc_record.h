// DMARC (RFC 7489): the _dmarc.D record parsed, and the findings about it.
#ifndef OHM_DOCTOR_DMARC_RECORD_H_
#define OHM_DOCTOR_DMARC_RECORD_H_

#include <string>
#include <vector>

#include "doctor/dns_client.h"
#include "doctor/finding.h"

namespace ohm::doctor {

struct DmarcRecord {
  std::string policy;             // p=: none, quarantine or reject
  std::string subdomain_policy;   // sp=, "" when absent (then p= applies)
  std::vector<std::string> rua;   // aggregate report addresses (URIs as published)
  std::vector<std::string> ruf;   // failure report addresses
  int percent = 100;              // pct=
  std::string adkim = "r";        // DKIM alignment: r (relaxed) or s (strict)
  std::string aspf = "r";         // SPF alignment
};

// Parses a DMARC record ("v=DMARC1; p=reject; rua=mailto:..."). Returns "" on
// success, or what is wrong (v=DMARC1 not first, p= missing or unknown, a bad
// pct=, adkim=, aspf= or sp= value); unknown tags are ignored as the RFC says.
std::string ParseDmarcRecord(const std::string& text, DmarcRecord* out);

// Looks up _dmarc.<domain> and reports: missing or several records or a parse
// error (fail), p=none or no rua= (warn), otherwise pass; each with the record
// to publish.
std::vector<Finding> CheckDmarc(DnsClient& dns, const std::string& domain);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DMARC_RECORD_H_
