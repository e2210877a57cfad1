#include "features/idn_host.h"

#include <idn2.h>

#include <memory>

namespace ohm {

namespace {

constexpr size_t kMaxHostBytes = 253;  // RFC 1035's limit on a name's text form

bool HasAceLabel(std::string_view host) {
  for (size_t pos = 0; pos + 4 <= host.size();) {
    std::string_view label = host.substr(pos, host.find('.', pos) - pos);
    if (label.size() >= 4 && (label[0] == 'x' || label[0] == 'X') && (label[1] == 'n' || label[1] == 'N') &&
        label[2] == '-' && label[3] == '-') {
      return true;
    }
    pos += label.size() + 1;
  }
  return false;
}

}  // namespace

std::string UnicodeHost(std::string_view host) {
  if (host.size() > kMaxHostBytes || !HasAceLabel(host) || host.find('\0') != std::string_view::npos) {
    return std::string(host);
  }
  std::string input(host);
  char* decoded = nullptr;
  int rc = idn2_to_unicode_8z8z(input.c_str(), &decoded, 0);
  std::unique_ptr<char, decltype(&idn2_free)> owner(decoded, &idn2_free);
  if (rc != IDN2_OK || decoded == nullptr) return input;
  return std::string(decoded);
}

}  // namespace ohm
