// A nameserver address as an admin writes it ("IP", "IP:PORT", "[IPv6]:PORT"),
// shared by `ohm doctor --resolver` and the [doctor] resolver setting so both
// accept exactly the same spellings.
#ifndef OHM_CORE_NAMESERVER_ADDRESS_H_
#define OHM_CORE_NAMESERVER_ADDRESS_H_

#include <string>

namespace ohm {

struct NameserverAddress {
  std::string ip;  // numeric IPv4 or IPv6, without brackets
  int port = 53;
};

// Parses "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:5353".
// Returns false (and leaves *out unspecified) for anything else, names included:
// a resolver given by name would itself need a resolver.
bool ParseNameserverAddress(const std::string& spec, NameserverAddress* out);

}  // namespace ohm

#endif  // OHM_CORE_NAMESERVER_ADDRESS_H_
