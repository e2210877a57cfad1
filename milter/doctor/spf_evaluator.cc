#include "doctor/spf_evaluator.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>

#include "core/ascii.h"
#include "doctor/dns_names.h"

namespace ohm::doctor {

namespace {

constexpr int kMaxLookups = 10;      // RFC 7208 section 4.6.4
constexpr int kMaxVoidLookups = 2;   // idem, the RECOMMENDED default
constexpr int kMaxNamesPerTerm = 10;  // MX and PTR names looked at per term

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
};

std::optional<IpAddress> ParseIp(const std::string& text) {
  IpAddress ip;
  if (inet_pton(AF_INET, text.c_str(), ip.bytes.data()) == 1) return ip;
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) != 1) return std::nullopt;
  ip.v6 = true;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(ip.bytes.data(), kMapped, 12) == 0) {  // ::ffff:a.b.c.d is IPv4 (section 5)
    std::memmove(ip.bytes.data(), ip.bytes.data() + 12, 4);
    ip.v6 = false;
  }
  return ip;
}

bool InPrefix(const IpAddress& a, const IpAddress& b, int bits) {
  if (a.v6 != b.v6) return false;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (b.bytes[i] & mask)) return false;
  }
  return true;
}

// One directive or modifier of a record, syntax-checked but not yet expanded.
struct Term {
  bool modifier = false;
  char qualifier = '+';
  std::string name;         // mechanism or modifier name, lowercase
  std::string domain_spec;  // macro-string after ':' (mechanisms) or '=' (modifiers)
  int cidr4 = 32;
  int cidr6 = 128;
  IpAddress network;        // ip4:/ip6:
  std::string text;         // as published
};

bool ParseCidr(const std::string& digits, int max, int* out) {
  if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  if (digits.size() > 1 && digits[0] == '0') return false;
  *out = std::stoi(digits);
  return *out <= max;
}

// Strips "/n", "//n" or "/n//m" from the end of `rest` into the term.
bool TakeDualCidr(std::string* rest, Term* term, bool allow_v6) {
  size_t dbl = rest->rfind("//");
  if (dbl != std::string::npos && rest->find('/', dbl + 2) == std::string::npos) {
    if (!allow_v6 || !ParseCidr(rest->substr(dbl + 2), 128, &term->cidr6)) return false;
    rest->erase(dbl);
  }
  size_t single = rest->rfind('/');
  if (single != std::string::npos) {
    if (!ParseCidr(rest->substr(single + 1), 32, &term->cidr4)) return false;
    rest->erase(single);
  }
  return true;
}

// Parses one term; returns an error message, "" when it is well formed.
std::string ParseTerm(const std::string& text, Term* term) {
  term->text = text;
  size_t name_end = text.find_first_of(":/=");
  if (name_end != std::string::npos && text[name_end] == '=') {
    term->modifier = true;
    term->name = AsciiLowered(text.substr(0, name_end));
    term->domain_spec = text.substr(name_end + 1);
    if (term->name.empty() || !std::isalpha(static_cast<unsigned char>(term->name[0])))
      return "bad modifier \"" + text + "\"";
    return "";
  }
  std::string body = text;
  if (!body.empty() && std::strchr("+-~?", body[0])) {
    term->qualifier = body[0];
    body.erase(0, 1);
  }
  name_end = body.find_first_of(":/");
  term->name = AsciiLowered(body.substr(0, name_end));
  std::string rest = name_end == std::string::npos ? "" : body.substr(name_end);
  const std::string& n = term->name;
  if (n == "all") return rest.empty() ? "" : "\"all\" takes no argument: \"" + text + "\"";
  if (n == "ip4" || n == "ip6") {
    if (rest.size() < 2 || rest[0] != ':') return n + " needs an address: \"" + text + "\"";
    rest.erase(0, 1);
    size_t slash = rest.find('/');
    bool v6 = n == "ip6";
    if (slash != std::string::npos) {
      if (!ParseCidr(rest.substr(slash + 1), v6 ? 128 : 32, v6 ? &term->cidr6 : &term->cidr4))
        return "bad prefix length in \"" + text + "\"";
      rest.erase(slash);
    }
    IpAddress ip;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, rest.c_str(), ip.bytes.data()) != 1)
      return "bad address in \"" + text + "\"";
    ip.v6 = v6;
    term->network = ip;
    return "";
  }
  if (n == "a" || n == "mx" || n == "ptr") {
    if (n != "ptr" && !TakeDualCidr(&rest, term, true)) return "bad prefix length in \"" + text + "\"";
    if (!rest.empty()) {
      if (rest[0] != ':' || rest.size() < 2) return "bad domain in \"" + text + "\"";
      term->domain_spec = rest.substr(1);
    }
    return "";
  }
  if (n == "include" || n == "exists") {
    if (rest.size() < 2 || rest[0] != ':') return n + " needs a domain: \"" + text + "\"";
    term->domain_spec = rest.substr(1);
    return "";
  }
  return "unknown mechanism \"" + text + "\"";
}

class Evaluator {
 public:
  Evaluator(DnsClient& dns, const SpfQuery& query, const IpAddress& ip, SpfEvaluation* out)
      : dns_(dns), query_(query), ip_(ip), out_(out) {}

  // check_host() of RFC 7208 section 4. `policy_chain` is true for the
  // domain itself and the records it redirects to (whose "all" is its policy).
  SpfResult CheckHost(const std::string& domain, int depth, bool policy_chain) {
    if (!IsValidDomainName(domain)) return depth == 0 ? SpfResult::kNone : PermError("bad domain \"" + domain + "\"");
    DnsAnswer txt = dns_.Query(domain, DnsType::kTxt);
    if (txt.is_error()) return TempError(txt.error);
    std::vector<std::string> spf;
    for (const std::string& r : txt.records) {
      std::string head = AsciiLowered(r.substr(0, 7));
      if (head == "v=spf1" || head == "v=spf1 ") spf.push_back(r);
    }
    if (depth == 0) {
      out_->record_count = static_cast<int>(spf.size());
      if (spf.size() == 1) out_->record = spf[0];
    }
    if (spf.empty()) return SpfResult::kNone;
    if (spf.size() > 1) return PermError(domain + " publishes " + std::to_string(spf.size()) + " SPF records");
    return EvaluateRecord(domain, spf[0], depth, policy_chain);
  }

 private:
  enum class Match { kYes, kNo, kTempError, kPermError };

  SpfResult PermError(const std::string& why) {
    if (out_->problem.empty()) out_->problem = why;
    return SpfResult::kPermError;
  }
  SpfResult TempError(const std::string& why) {
    if (out_->problem.empty()) out_->problem = why;
    return SpfResult::kTempError;
  }

  SpfResult EvaluateRecord(const std::string& domain, const std::string& record, int depth, bool policy_chain) {
    std::vector<Term> terms;
    const Term* redirect = nullptr;
    bool has_all = false;
    size_t pos = 6;
    // Syntax first: an error anywhere makes the whole record permerror (section 4.6).
    while (pos < record.size()) {
      size_t start = record.find_first_not_of(' ', pos);
      if (start == std::string::npos) break;
      size_t end = std::min(record.find(' ', start), record.size());
      Term term;
      std::string error = ParseTerm(record.substr(start, end - start), &term);
      if (!error.empty()) return PermError(domain + ": " + error);
      terms.push_back(term);
      pos = end;
    }
    int redirects = 0;
    for (const Term& t : terms) {
      if (t.modifier && t.name == "redirect") ++redirects, redirect = &t;
      if (!t.modifier && t.name == "all") {
        has_all = true;
        if (policy_chain && out_->all_qualifier == 0) out_->all_qualifier = t.qualifier;
      }
    }
    if (redirects > 1) return PermError(domain + ": more than one redirect=");
    for (const Term& t : terms) {
      if (t.modifier) continue;
      Match m = EvaluateMechanism(domain, t, depth);
      if (m == Match::kTempError) return SpfResult::kTempError;
      if (m == Match::kPermError) return SpfResult::kPermError;
      if (m == Match::kYes) {
        // Only the domain's own policy (itself and its redirects) decides; a
        // term matching inside an include is reported as that include.
        if (policy_chain) out_->matched = t.text;
        switch (t.qualifier) {
          case '-': return SpfResult::kFail;
          case '~': return SpfResult::kSoftFail;
          case '?': return SpfResult::kNeutral;
          default: return SpfResult::kPass;
        }
      }
    }
    if (redirect && !has_all) {  // section 6.1: ignored when the record has "all"
      if (!CountLookup()) return SpfResult::kPermError;
      std::optional<std::string> target = Expand(redirect->domain_spec, domain);
      if (!target) return PermError(domain + ": bad macro in \"" + redirect->text + "\"");
      SpfResult r = CheckHost(*target, depth + 1, policy_chain);
      if (r == SpfResult::kNone) return PermError(domain + ": redirect target " + *target + " has no SPF record");
      return r;
    }
    return SpfResult::kNeutral;
  }

  bool CountLookup() {
    if (++out_->dns_lookups <= kMaxLookups) return true;
    PermError("more than " + std::to_string(kMaxLookups) + " DNS lookups (RFC 7208 section 4.6.4)");
    return false;
  }

  // Records a void answer; false once the void-lookup limit is exceeded.
  bool CountVoid() {
    if (++out_->void_lookups <= kMaxVoidLookups) return true;
    PermError("more than " + std::to_string(kMaxVoidLookups) + " lookups returned no records (void lookup limit)");
    return false;
  }

  // Whether any of `addresses` is in the client's network of `cidr4`/`cidr6` bits.
  bool AnyInPrefix(const std::vector<std::string>& addresses, const Term& t) {
    for (const std::string& a : addresses) {
      std::optional<IpAddress> ip = ParseIp(a);
      if (ip && InPrefix(*ip, ip_, ip_.v6 ? t.cidr6 : t.cidr4)) return true;
    }
    return false;
  }

  DnsType AddressType() const { return ip_.v6 ? DnsType::kAaaa : DnsType::kA; }

  Match EvaluateMechanism(const std::string& domain, const Term& t, int depth) {
    if (t.name == "all") return Match::kYes;
    if (t.name == "ip4" || t.name == "ip6")
      return InPrefix(t.network, ip_, t.network.v6 ? t.cidr6 : t.cidr4) ? Match::kYes : Match::kNo;
    if (!CountLookup()) return Match::kPermError;
    std::optional<std::string> target = t.domain_spec.empty() ? domain : Expand(t.domain_spec, domain);
    if (!target) {
      PermError(domain + ": bad macro in \"" + t.text + "\"");
      return Match::kPermError;
    }
    if (t.name == "include") {
      SpfResult r = CheckHost(*target, depth + 1, false);
      switch (r) {
        case SpfResult::kPass: return Match::kYes;
        case SpfResult::kTempError: return Match::kTempError;
        case SpfResult::kNone:
          PermError(domain + ": include:" + *target + " has no SPF record");
          return Match::kPermError;
        case SpfResult::kPermError: return Match::kPermError;
        default: return Match::kNo;
      }
    }
    if (t.name == "a" || t.name == "exists") {
      DnsType type = t.name == "exists" ? DnsType::kA : AddressType();
      DnsAnswer answer = dns_.Query(*target, type);
      if (answer.is_error()) return TempErrorMatch(answer.error);
      if (answer.is_void()) return CountVoid() ? Match::kNo : Match::kPermError;
      if (t.name == "exists") return Match::kYes;
      return AnyInPrefix(answer.records, t) ? Match::kYes : Match::kNo;
    }
    if (t.name == "mx") {
      DnsAnswer mx = dns_.Query(*target, DnsType::kMx);
      if (mx.is_error()) return TempErrorMatch(mx.error);
      if (mx.is_void()) return CountVoid() ? Match::kNo : Match::kPermError;
      if (static_cast<int>(mx.records.size()) > kMaxNamesPerTerm) {
        PermError(*target + " has more than " + std::to_string(kMaxNamesPerTerm) + " MX records");
        return Match::kPermError;
      }
      for (const std::string& host : mx.records) {
        DnsAnswer addresses = dns_.Query(host, AddressType());
        if (addresses.is_error()) return TempErrorMatch(addresses.error);
        if (AnyInPrefix(addresses.records, t)) return Match::kYes;
      }
      return Match::kNo;
    }
    // ptr (section 5.5, "do not use"): a validated name of the client at or under the target.
    DnsAnswer ptr = dns_.Query(ReverseName(query_.ip), DnsType::kPtr);
    if (ptr.is_void()) return CountVoid() ? Match::kNo : Match::kPermError;
    if (!ptr.ok()) return Match::kNo;  // DNS errors make ptr not match
    std::string want = AsciiLowered(*target);
    for (size_t i = 0; i < ptr.records.size() && i < kMaxNamesPerTerm; ++i) {
      std::string name = AsciiLowered(ptr.records[i]);
      bool under = name == want || (name.size() > want.size() &&
                                    name.compare(name.size() - want.size(), want.size(), want) == 0 &&
                                    name[name.size() - want.size() - 1] == '.');
      if (!under) continue;
      DnsAnswer back = dns_.Query(name, AddressType());
      Term exact;
      if (back.ok() && AnyInPrefix(back.records, exact)) return Match::kYes;
    }
    return Match::kNo;
  }

  Match TempErrorMatch(const std::string& why) {
    TempError(why);
    return Match::kTempError;
  }

  // Macro expansion (section 7); nullopt for a malformed macro-string.
  std::optional<std::string> Expand(const std::string& spec, const std::string& domain) {
    std::string out;
    for (size_t i = 0; i < spec.size(); ++i) {
      if (spec[i] != '%') {
        out += spec[i];
        continue;
      }
      if (++i >= spec.size()) return std::nullopt;
      if (spec[i] == '%') { out += '%'; continue; }
      if (spec[i] == '_') { out += ' '; continue; }
      if (spec[i] == '-') { out += "%20"; continue; }
      if (spec[i] != '{') return std::nullopt;
      size_t close = spec.find('}', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      std::optional<std::string> value = ExpandMacro(spec.substr(i + 1, close - i - 1), domain);
      if (!value) return std::nullopt;
      out += *value;
      i = close;
    }
    if (out.size() > 253) {  // keep the right-most labels (section 7.3)
      size_t dot = out.find('.', out.size() - 253);
      out = dot == std::string::npos ? out.substr(out.size() - 253) : out.substr(dot + 1);
    }
    return out;
  }

  std::optional<std::string> ExpandMacro(const std::string& body, const std::string& domain) {
    std::string sender = query_.sender.empty() ? "postmaster@" + query_.domain : query_.sender;
    size_t at = sender.rfind('@');
    std::string value;
    switch (std::tolower(static_cast<unsigned char>(body[0]))) {
      case 's': value = sender; break;
      case 'l': value = at == std::string::npos ? "postmaster" : sender.substr(0, at); break;
      case 'o': value = at == std::string::npos ? sender : sender.substr(at + 1); break;
      case 'd': value = domain; break;
      case 'i': value = DottedIp(); break;
      case 'p': value = "unknown"; break;  // validated names are not looked up for macros
      case 'v': value = ip_.v6 ? "ip6" : "in-addr"; break;
      case 'h': value = query_.helo.empty() ? query_.domain : query_.helo; break;
      default: return std::nullopt;  // c, r, t belong to exp= only
    }
    size_t k = 1;
    int keep = 0;
    while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) keep = keep * 10 + (body[k++] - '0');
    bool reverse = k < body.size() && std::tolower(static_cast<unsigned char>(body[k])) == 'r' ? (++k, true) : false;
    std::string delimiters = body.substr(k);
    if (delimiters.find_first_not_of(".-+,/_=") != std::string::npos) return std::nullopt;
    if (delimiters.empty()) delimiters = ".";
    std::vector<std::string> parts(1);
    for (char c : value) {
      if (delimiters.find(c) != std::string::npos) parts.emplace_back();
      else parts.back() += c;
    }
    if (reverse) std::reverse(parts.begin(), parts.end());
    if (keep > 0 && static_cast<size_t>(keep) < parts.size()) parts.erase(parts.begin(), parts.end() - keep);
    std::string joined;
    for (size_t p = 0; p < parts.size(); ++p) joined += (p ? "." : "") + parts[p];
    return joined;
  }

  // %{i}: dotted quad, or dot-separated nibbles for IPv6.
  std::string DottedIp() const {
    std::string out;
    if (!ip_.v6) {
      for (int i = 0; i < 4; ++i) out += (i ? "." : "") + std::to_string(ip_.bytes[i]);
      return out;
    }
    static const char* kHex = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
      if (i) out += '.';
      out += kHex[ip_.bytes[i] >> 4];
      out += '.';
      out += kHex[ip_.bytes[i] & 15];
    }
    return out;
  }

  DnsClient& dns_;
  const SpfQuery& query_;
  IpAddress ip_;
  SpfEvaluation* out_;
};

}  // namespace

const char* SpfResultName(SpfResult result) {
  switch (result) {
    case SpfResult::kNone: return "none";
    case SpfResult::kNeutral: return "neutral";
    case SpfResult::kPass: return "pass";
    case SpfResult::kFail: return "fail";
    case SpfResult::kSoftFail: return "softfail";
    case SpfResult::kTempError: return "temperror";
    case SpfResult::kPermError: return "permerror";
  }
  return "?";
}

SpfEvaluation EvaluateSpf(DnsClient& dns, const SpfQuery& query) {
  SpfEvaluation out;
  std::optional<IpAddress> ip = ParseIp(query.ip);
  if (!ip) {
    out.result = SpfResult::kPermError;
    out.problem = "not an IP address: " + query.ip;
    return out;
  }
  Evaluator evaluator(dns, query, *ip, &out);
  out.result = evaluator.CheckHost(query.domain, 0, true);
  return out;
}

std::string SuggestSpfRecord(const std::string& current, const std::vector<std::string>& ips) {
  std::vector<std::string> terms;
  if (!current.empty()) {
    size_t pos = 6;
    while (pos < current.size()) {
      size_t start = current.find_first_not_of(' ', pos);
      if (start == std::string::npos) break;
      size_t end = std::min(current.find(' ', start), current.size());
      terms.push_back(current.substr(start, end - start));
      pos = end;
    }
  }
  std::vector<std::string> added;
  for (const std::string& ip : ips) {
    std::optional<IpAddress> parsed = ParseIp(ip);
    if (!parsed) continue;
    std::string term = (parsed->v6 ? "ip6:" : "ip4:") + ip;
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) added.push_back(term);
  }
  bool has_all = false;
  for (std::string& t : terms) {
    std::string lower = AsciiLowered(t);
    if (lower == "all" || lower == "+all" || lower == "?all") t = "~all";
    if (AsciiLowered(t).ends_with("all") && AsciiLowered(t).size() <= 4) has_all = true;
    if (AsciiLowered(t).starts_with("redirect=")) has_all = true;  // the redirect target decides
  }
  terms.insert(terms.begin(), added.begin(), added.end());
  if (!has_all) terms.push_back("~all");
  std::string record = "v=spf1";
  for (const std::string& t : terms) record += " " + t;
  return record;
}

std::string DescribeAllQualifier(char qualifier) {
  switch (qualifier) {
    case '+': return "+all authorises every host on the Internet to send as this domain, so SPF protects nothing";
    case '?': return "?all is neutral: receivers treat unlisted senders as if there were no SPF record";
    case '~': return "~all is soft fail: mail from unlisted hosts is accepted but marked suspicious";
    case '-': return "-all is fail: receivers may reject mail from unlisted hosts";
    default: return "the record has no \"all\": unlisted hosts get neutral, as with ?all";
  }
}

}  // namespace ohm::doctor
