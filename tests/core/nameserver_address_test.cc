#include "core/nameserver_address.h"

#include <doctest/doctest.h>

namespace ohm {

TEST_CASE("nameserver addresses: IPv4 and IPv6, with and without a port") {
  NameserverAddress a;
  REQUIRE(ParseNameserverAddress("192.0.2.53", &a));
  CHECK(a.ip == "192.0.2.53");
  CHECK(a.port == 53);
  REQUIRE(ParseNameserverAddress("127.0.0.1:5353", &a));
  CHECK(a.ip == "127.0.0.1");
  CHECK(a.port == 5353);
  REQUIRE(ParseNameserverAddress("2001:db8::53", &a));
  CHECK(a.ip == "2001:db8::53");
  CHECK(a.port == 53);
  REQUIRE(ParseNameserverAddress("[::1]:5300", &a));
  CHECK(a.ip == "::1");
  CHECK(a.port == 5300);
}

TEST_CASE("names, bad ports and half-written addresses are refused") {
  NameserverAddress a;
  for (const char* bad : {"", "dns.example", "dns.example:53", "192.0.2.53:", "192.0.2.53:0", "192.0.2.53:65536",
                          "192.0.2.53:5x", "[::1", "[::1]53", "[::1]:", "[192.0.2.1]:53", "300.0.0.1"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseNameserverAddress(bad, &a));
  }
}

}  // namespace ohm
