// IPv4/IPv6 networks in CIDR notation and membership tests, for the outbound
// scope ("internal_networks").
#ifndef OHM_CORE_NETWORK_H_
#define OHM_CORE_NETWORK_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ohm {

class Network {
 public:
  // Parses "192.0.2.0/24", "2001:db8::/32" or a bare address (a /32 or /128).
  // Returns nullopt for anything else (bad address, prefix out of range).
  static std::optional<Network> Parse(std::string_view cidr);

  // True when `address` (numeric IPv4 or IPv6, optionally "[...]"-bracketed or
  // IPv4-mapped "::ffff:a.b.c.d") lies in this network. False for unparsable input.
  bool Contains(std::string_view address) const;

  const std::string& text() const { return text_; }

 private:
  bool v6_ = false;
  std::array<uint8_t, 16> bytes_{};
  int prefix_ = 0;
  std::string text_;
};

}  // namespace ohm

#endif  // OHM_CORE_NETWORK_H_
