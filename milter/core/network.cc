#include "core/network.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace ohm {

namespace {

// Parses a numeric address into 16 bytes; IPv4 (and IPv4-mapped IPv6) yields v6=false.
bool ParseAddress(std::string_view in, std::array<uint8_t, 16>* out, bool* v6) {
  if (in.size() >= 2 && in.front() == '[' && in.back() == ']') in = in.substr(1, in.size() - 2);
  if (in.rfind("IPv6:", 0) == 0) in.remove_prefix(5);
  if (in.empty() || in.size() > 64) return false;
  std::string s(in);
  out->fill(0);
  in_addr a4;
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    std::memcpy(out->data(), &a4, 4);
    *v6 = false;
    return true;
  }
  in6_addr a6;
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a6.s6_addr, kMapped, 12) == 0) {
      std::memcpy(out->data(), a6.s6_addr + 12, 4);
      *v6 = false;
    } else {
      std::memcpy(out->data(), a6.s6_addr, 16);
      *v6 = true;
    }
    return true;
  }
  return false;
}

}  // namespace

std::optional<Network> Network::Parse(std::string_view cidr) {
  Network n;
  n.text_ = std::string(cidr);
  std::string_view addr = cidr;
  int prefix = -1;
  if (auto slash = cidr.find('/'); slash != std::string_view::npos) {
    addr = cidr.substr(0, slash);
    std::string_view p = cidr.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (ec != std::errc() || ptr != p.data() + p.size() || p.empty()) return std::nullopt;
  }
  if (!ParseAddress(addr, &n.bytes_, &n.v6_)) return std::nullopt;
  int max = n.v6_ ? 128 : 32;
  if (prefix == -1) prefix = max;
  if (prefix < 0 || prefix > max) return std::nullopt;
  n.prefix_ = prefix;
  return n;
}

bool Network::Contains(std::string_view address) const {
  std::array<uint8_t, 16> a;
  bool v6 = false;
  if (!ParseAddress(address, &a, &v6) || v6 != v6_) return false;
  int full = prefix_ / 8, rest = prefix_ % 8;
  if (std::memcmp(a.data(), bytes_.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (bytes_[full] & mask);
}

}  // namespace ohm
