#include "doctor/dnsbl.h"

#include "doctor/dns_names.h"

namespace ohm::doctor {

std::string DnsblQueryName(const std::string& ip, const std::string& zone) {
  std::string reverse = ReverseName(ip);
  if (reverse.empty()) return "";
  // The reverse name without its ".in-addr.arpa" / ".ip6.arpa" suffix.
  std::string suffix = ip.find(':') == std::string::npos ? ".in-addr.arpa" : ".ip6.arpa";
  return reverse.substr(0, reverse.size() - suffix.size()) + "." + zone;
}

Finding CheckDnsbl(DnsClient& dns, const std::string& ip, const std::string& zone) {
  Finding f;
  f.check = "dnsbl";
  f.subject = ip;
  f.details["zone"] = zone;
  std::string name = DnsblQueryName(ip, zone);
  DnsAnswer a = dns.Query(name, DnsType::kA);
  if (a.is_void()) {
    f.summary = "not listed in " + zone;
    return f;
  }
  if (a.is_error()) {
    f.severity = Severity::kWarn;
    f.summary = "cannot ask " + zone + ": " + a.error;
    f.why = "The listing could not be checked; receivers that use this list may still see the address listed.";
    return f;
  }
  f.details["codes"] = a.records;
  if (a.records[0].starts_with("127.255.255.")) {
    f.severity = Severity::kWarn;
    f.summary = zone + " refused the query (" + a.records[0] + "), usually because it came through a public resolver";
    f.why = "The result says nothing about the address; ask the list through your own resolver.";
    return f;
  }
  DnsAnswer txt = dns.Query(name, DnsType::kTxt);
  f.severity = Severity::kFail;
  f.summary = "listed in " + zone + " (" + a.records[0] + ")" + (txt.ok() ? ": " + txt.records[0] : "");
  f.why = "Receivers using this list refuse or junk mail from the address until it is delisted; fix the cause, then request removal from the list's operator.";
  return f;
}

}  // namespace ohm::doctor
