#include "core/nameserver_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>

namespace ohm {

namespace {

bool NumericAddress(const std::string& ip, bool v6) {
  unsigned char buf[16];
  return inet_pton(v6 ? AF_INET6 : AF_INET, ip.c_str(), buf) == 1;
}

}  // namespace

bool ParseNameserverAddress(const std::string& spec, NameserverAddress* out) {
  std::string host, port;
  bool v6 = false;
  if (!spec.empty() && spec.front() == '[') {
    size_t close = spec.find(']');
    if (close == std::string::npos) return false;
    host = spec.substr(1, close - 1);
    v6 = true;
    if (close + 1 < spec.size()) {
      if (spec[close + 1] != ':') return false;
      port = spec.substr(close + 2);
      if (port.empty()) return false;
    }
  } else if (std::count(spec.begin(), spec.end(), ':') == 1) {
    host = spec.substr(0, spec.find(':'));
    port = spec.substr(spec.find(':') + 1);
    if (port.empty()) return false;
  } else {
    host = spec;
    v6 = spec.find(':') != std::string::npos;
  }
  if (!NumericAddress(host, v6)) return false;
  out->ip = host;
  out->port = 53;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    out->port = std::atoi(port.c_str());
    if (out->port < 1 || out->port > 65535) return false;
  }
  return true;
}

}  // namespace ohm
