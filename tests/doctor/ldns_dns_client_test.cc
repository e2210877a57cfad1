#include <doctest/doctest.h>

#include "doctor/dns_client.h"

namespace ohm::doctor {

TEST_CASE("resolver addresses: IP, IP:PORT, [IPv6]:PORT; anything else is refused with a reason") {
  std::string error;
  CHECK(MakeLdnsDnsClient({"127.0.0.1", 1000, 0}, &error) != nullptr);
  CHECK(MakeLdnsDnsClient({"127.0.0.1:5353", 1000, 0}, &error) != nullptr);
  CHECK(MakeLdnsDnsClient({"[::1]:5353", 1000, 0}, &error) != nullptr);
  CHECK(MakeLdnsDnsClient({"::1", 1000, 0}, &error) != nullptr);
  CHECK(MakeLdnsDnsClient({"127.0.0.1:99999", 1000, 0}, &error) == nullptr);
  CHECK(error.find("IP or IP:PORT") != std::string::npos);
  CHECK(MakeLdnsDnsClient({"dns.example:53", 1000, 0}, &error) == nullptr);
  CHECK(MakeLdnsDnsClient({"[::1]x", 1000, 0}, &error) == nullptr);
}

}  // namespace ohm::doctor
