#include "doctor/reverse_dns.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>

#include "doctor/dns_names.h"

namespace ohm::doctor {

namespace {

constexpr size_t kMaxReverseNameLength = 80;

bool SameAddress(const std::string& a, const std::string& b) {
  unsigned char x[16] = {}, y[16] = {};
  int family = std::strchr(a.c_str(), ':') ? AF_INET6 : AF_INET;
  if (inet_pton(family, a.c_str(), x) != 1 || inet_pton(family, b.c_str(), y) != 1) return false;
  return std::memcmp(x, y, family == AF_INET6 ? 16 : 4) == 0;
}

Finding Make(const std::string& ip, const std::string& rule, Severity severity, const std::string& summary) {
  Finding f;
  f.check = "reverse_dns";
  f.subject = ip;
  f.severity = severity;
  f.summary = summary;
  f.details["rule"] = rule;
  return f;
}

}  // namespace

std::string ReverseNameProblem(const std::string& name) {
  if (name.size() > kMaxReverseNameLength)
    return "is " + std::to_string(name.size()) + " characters long (at most " +
           std::to_string(kMaxReverseNameLength) + ")";
  for (char c : name)
    if (std::isupper(static_cast<unsigned char>(c))) return "has uppercase letters";
  if (name.starts_with("-") || name.find(".-") != std::string::npos) return "has a label starting with '-'";
  return "";
}

std::vector<Finding> CheckReverseDns(DnsClient& dns, const std::string& ip, const std::string& helo,
                                     const std::string& domain) {
  std::string reverse = ReverseName(ip);
  if (reverse.empty()) return {Make(ip, "ptr", Severity::kFail, "not an IP address")};
  std::string wanted_name = helo.empty() ? "mail." + domain : LowercaseName(helo);
  DnsAnswer ptr = dns.Query(reverse, DnsType::kPtr);
  if (ptr.is_error()) {
    Finding f = Make(ip, "ptr", Severity::kFail, "DNS error: " + ptr.error);
    f.why = "Receivers that cannot resolve the reverse name of the sending address usually defer or refuse the mail.";
    return {f};
  }
  if (ptr.is_void()) {
    Finding f = Make(ip, "ptr", Severity::kFail, "no PTR record at " + reverse);
    f.why = "Gmail, Microsoft and most receivers refuse or junk mail from an address without reverse DNS; the PTR is set by whoever owns the address block, usually your hosting provider.";
    f.fix = RecordLine(reverse, "PTR", wanted_name + ".");
    return {f};
  }
  const std::string& name = ptr.records[0];
  std::vector<Finding> out;
  Finding first = Make(ip, "ptr", Severity::kPass, "PTR " + name);
  first.details["ptr"] = ptr.records;
  out.push_back(first);

  DnsType type = ip.find(':') != std::string::npos ? DnsType::kAaaa : DnsType::kA;
  DnsAnswer forward = dns.Query(name, type);
  bool confirmed = false;
  for (const std::string& a : forward.records) confirmed |= SameAddress(a, ip);
  if (forward.is_error()) {
    Finding f = Make(ip, "forward_confirmed", Severity::kFail, "DNS error: " + forward.error);
    f.why = "Receivers must resolve the reverse name back to the address to trust it.";
    out.push_back(f);
  } else if (!confirmed) {
    Finding f = Make(ip, "forward_confirmed", Severity::kFail,
                     name + " does not resolve back to " + ip + " (" + DnsTypeName(type) + ": " +
                         (forward.records.empty() ? std::string("none") : forward.records[0]) + ")");
    f.why = "Receivers only trust a reverse name whose forward record points back at the same address (forward-confirmed reverse DNS).";
    f.fix = RecordLine(name, DnsTypeName(type), ip);
    out.push_back(f);
  } else {
    out.push_back(Make(ip, "forward_confirmed", Severity::kPass, name + " resolves back to " + ip));
  }

  std::string problem = ReverseNameProblem(name);
  if (!problem.empty()) {
    Finding f = Make(ip, "name", Severity::kWarn, "reverse name " + name + " " + problem);
    f.why = "Providers' guidelines ask for a lowercase reverse name of at most 80 characters with no label starting with '-'; others look generated and score as spam.";
    std::string better = LowercaseName(name);
    if (!ReverseNameProblem(better).empty()) better = wanted_name;
    f.fix = RecordLine(reverse, "PTR", better + ".");
    out.push_back(f);
  }
  if (!helo.empty()) {
    if (LowercaseName(helo) != LowercaseName(name)) {
      Finding f = Make(ip, "helo", Severity::kWarn, "HELO name " + helo + " is not the reverse name " + name);
      f.why = "Receivers compare the HELO name with the reverse name, and a mismatch is a common spam signal.";
      f.fix = "myhostname = " + LowercaseName(name) + "   (Postfix main.cf; or change the PTR to " + helo + ")";
      out.push_back(f);
    } else {
      out.push_back(Make(ip, "helo", Severity::kPass, "HELO name matches the reverse name"));
    }
  }
  return out;
}

}  // namespace ohm::doctor
