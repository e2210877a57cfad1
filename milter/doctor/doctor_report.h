// `ohm doctor` as a whole: runs the SPF, DKIM, DMARC, reverse-DNS and MX
// checks for one sending domain and renders the findings as text or JSON.
#ifndef OHM_DOCTOR_DOCTOR_REPORT_H_
#define OHM_DOCTOR_DOCTOR_REPORT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "doctor/dkim_record.h"
#include "doctor/dns_client.h"
#include "doctor/finding.h"

namespace ohm::doctor {

// Members have default initializers so that designated initializers may
// leave any of them out.
struct DoctorOptions {
  std::string domain{};           // the sending (MAIL FROM and From) domain
  std::vector<std::string> ips{}; // the server's public addresses, IPv4 and/or IPv6; none skips SPF and reverse DNS
  std::vector<DkimKeyToCheck> dkim_keys{};  // the keys ohm signs for the domain with; none skips the DKIM check
  std::string helo{};             // the HELO name Postfix announces; "" skips that comparison
  std::vector<std::string> dnsbl_zones{};  // blocklists to look each address up in; none by default
  // Why dkim_keys is empty, for the report's "skipped" list.
  std::string no_dkim_reason = "dkim: no --selector given";
};

struct DoctorReport {
  std::string domain;
  std::vector<std::string> ips;
  std::vector<Finding> findings;
  std::vector<std::string> skipped;  // checks not run and why

  // The worst severity over all findings.
  Severity Worst() const;
  // 0 when everything passed, 1 with warnings only, 2 with any failure.
  int ExitCode() const;
  // {"domain", "ips", "result", "exit_code", "findings": [{check, subject,
  // status, summary, why, fix, details}], "skipped"}: the stable --json form.
  nlohmann::json ToJson() const;
  // The human-readable form: one line per finding, why and fix under each
  // warning or failure, and a closing count.
  std::string ToText() const;
};

// SPF findings: one "spf" finding per address (authorised or not, with the
// evaluation's details) and one "spf_all" finding about the qualifier on "all".
std::vector<Finding> CheckSpf(DnsClient& dns, const std::string& domain, const std::vector<std::string>& ips,
                              const std::string& helo);

// MX finding: the domain has an MX (or at least an address to fall back to)
// so that bounces and complaints can reach it; a null MX is a warning.
std::vector<Finding> CheckMx(DnsClient& dns, const std::string& domain);

// Runs every check against `dns`. Never throws; DNS errors become failing findings.
DoctorReport RunDoctor(DnsClient& dns, const DoctorOptions& options);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DOCTOR_REPORT_H_
