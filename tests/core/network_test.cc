#include "core/network.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("IPv4 networks") {
  auto n = Network::Parse("192.0.2.0/24");
  REQUIRE(n);
  CHECK(n->Contains("192.0.2.77"));
  CHECK_FALSE(n->Contains("192.0.3.1"));
  CHECK(n->Contains("::ffff:192.0.2.1"));  // IPv4-mapped, as some MTAs report
  CHECK_FALSE(n->Contains("2001:db8::1"));
  CHECK_FALSE(n->Contains("not an address"));
  CHECK(Network::Parse("10.1.2.3")->Contains("10.1.2.3"));
  CHECK_FALSE(Network::Parse("10.1.2.3")->Contains("10.1.2.4"));
  CHECK(Network::Parse("0.0.0.0/0")->Contains("203.0.113.9"));
  CHECK(Network::Parse("10.0.0.0/12")->Contains("10.15.255.255"));
  CHECK_FALSE(Network::Parse("10.0.0.0/12")->Contains("10.16.0.0"));
}

TEST_CASE("IPv6 networks") {
  auto n = Network::Parse("2001:db8::/32");
  REQUIRE(n);
  CHECK(n->Contains("2001:db8:1::5"));
  CHECK(n->Contains("[2001:db8::1]"));
  CHECK(n->Contains("IPv6:2001:db8::1"));
  CHECK_FALSE(n->Contains("2001:db9::1"));
  CHECK_FALSE(n->Contains("192.0.2.1"));
}

TEST_CASE("bad networks are refused") {
  CHECK_FALSE(Network::Parse("192.0.2.0/33"));
  CHECK_FALSE(Network::Parse("::/129"));
  CHECK_FALSE(Network::Parse("192.0.2.0/"));
  CHECK_FALSE(Network::Parse("192.0.2.0/2x"));
  CHECK_FALSE(Network::Parse("example.com"));
  CHECK_FALSE(Network::Parse(""));
}
