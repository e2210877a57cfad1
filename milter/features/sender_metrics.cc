#include "features/sender_metrics.h"

#include <string>
#include <vector>

#include "core/ascii.h"
#include "parse/address.h"

namespace ohm {

namespace {

bool IsLocalChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}

bool IsDomainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// `a` is `b` or a subdomain of it.
bool WithinDomain(const std::string& a, const std::string& b) {
  return a == b || (a.size() > b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0 &&
                    a[a.size() - b.size() - 1] == '.');
}

// The lower-cased domain of `address` without trailing dots; "" when none.
std::string DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string domain = AsciiLowered(address.substr(at + 1));
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  return domain;
}

}  // namespace

bool AddressOutsideDomainOf(std::string_view address, std::string_view reference) {
  std::string domain = DomainOf(address), own = DomainOf(reference);
  if (domain.empty() || own.empty()) return false;
  return !WithinDomain(domain, own) && !WithinDomain(own, domain);
}

bool DisplayNameShowsOtherDomain(std::string_view display, std::string_view address) {
  std::string real = DomainOf(address);
  if (real.empty()) return false;
  for (size_t i = 0; i < display.size(); ++i) {
    if (display[i] != '@') continue;
    size_t start = i;
    while (start > 0 && IsLocalChar(display[start - 1])) --start;
    size_t end = i + 1;
    while (end < display.size() && IsDomainChar(display[end])) ++end;
    std::string shown = AsciiLowered(display.substr(i + 1, end - i - 1));
    while (!shown.empty() && (shown.back() == '.' || shown.back() == '-')) shown.pop_back();
    // An address needs a local part and a dotted domain ("a@b" or "@home" is no address).
    if (start == i || shown.find('.') == std::string::npos || shown.front() == '.') continue;
    if (!WithinDomain(shown, real) && !WithinDomain(real, shown)) return true;
  }
  return false;
}

std::string ConflictingFromField(const RawMessage& raw) {
  if (raw.Count("From") < 2) return "";
  // Compared as written: addresses (domains already lower case), or the
  // trimmed value of a field without one.
  auto key = [](const std::string& value) {
    FromField parsed = ParseFromField(value);
    if (parsed.addresses.empty()) return std::vector<std::string>{AsciiLowered(std::string(TrimWhiteSpace(value)))};
    return parsed.addresses;
  };
  std::vector<std::string> first;  // never empty once a field is read
  for (const HeaderField& field : raw.headers) {
    if (!EqualsIgnoreCase(field.name, "From")) continue;
    std::vector<std::string> addresses = key(field.value);
    if (first.empty()) {
      first = std::move(addresses);
    } else if (addresses != first) {
      return addresses.front();
    }
  }
  return "";
}

}  // namespace ohm
