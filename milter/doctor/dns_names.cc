#include "doctor/dns_names.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdint>

#include "core/ascii.h"

namespace ohm::doctor {

bool IsValidDomainName(const std::string& name) {
  std::string n = !name.empty() && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
  if (n.empty() || n.size() > 253) return false;
  size_t labels = 0, start = 0;
  while (start <= n.size()) {
    size_t dot = n.find('.', start);
    if (dot == std::string::npos) dot = n.size();
    size_t len = dot - start;
    if (len == 0 || len > 63) return false;
    ++labels;
    start = dot + 1;
  }
  return labels >= 2;
}

std::string ReverseName(const std::string& ip) {
  uint8_t bytes[16];
  std::string out;
  if (inet_pton(AF_INET, ip.c_str(), bytes) == 1) {
    for (int i = 3; i >= 0; --i) out += std::to_string(bytes[i]) + ".";
    return out + "in-addr.arpa";
  }
  if (inet_pton(AF_INET6, ip.c_str(), bytes) != 1) return "";
  static const char* kHex = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out += kHex[bytes[i] & 15];
    out += '.';
    out += kHex[bytes[i] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

std::string LowercaseName(std::string name) {
  return AsciiLowered(name);
}

}  // namespace ohm::doctor
