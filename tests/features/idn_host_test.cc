#include "features/idn_host.h"

#include <doctest/doctest.h>

namespace ohm {

TEST_CASE("punycode labels are shown as the reader sees them") {
  CHECK(UnicodeHost("xn--pypal-4ve.com") == "p\u0430ypal.com");
  CHECK(UnicodeHost("www.xn--mnchen-3ya.de") == "www.m\u00fcnchen.de");
  CHECK(UnicodeHost("xn--e1afmkfd.xn--p1ai") == "\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444");
}

TEST_CASE("hosts without punycode, or with broken punycode, are returned as written") {
  CHECK(UnicodeHost("www.example.com") == "www.example.com");
  CHECK(UnicodeHost("p\u0430ypal.com") == "p\u0430ypal.com");  // already Unicode in the href
  CHECK(UnicodeHost("xn--.com") == "xn--.com");
  CHECK(UnicodeHost("xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz9999.com") == "xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz9999.com");
  CHECK(UnicodeHost(std::string("xn--pypal-4ve\0.com", 18)) == std::string("xn--pypal-4ve\0.com", 18));
  std::string long_host(300, 'a');
  long_host.replace(0, 4, "xn--");
  CHECK(UnicodeHost(long_host) == long_host);
  CHECK(UnicodeHost("") == "");
}

}  // namespace ohm
