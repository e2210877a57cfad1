#include "parse/little_endian.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

TEST_CASE("values are read least significant byte first") {
  const std::string b("\x01\x02\x03\x04\x05\x06\x07\x08\xff", 9);
  CHECK(Le16(b, 0) == 0x0201);
  CHECK(Le32(b, 0) == 0x04030201u);
  CHECK(Le32(b, 5) == 0xff080706u);  // high bytes are not sign-extended
  CHECK(Le64(b, 0) == 0x0807060504030201ull);
  CHECK(Le64(b, 1) == 0xff08070605040302ull);
}

TEST_CASE("AppendLe writes what Le32 and Le64 read back") {
  std::string out = "x";
  AppendLe(&out, 0xdeadbeefu, 4);
  AppendLe(&out, 0x0123456789abcdefull, 8);
  AppendLe(&out, 0x1ff, 1);  // only the low byte
  REQUIRE(out.size() == 1 + 4 + 8 + 1);
  CHECK(Le32(out, 1) == 0xdeadbeefu);
  CHECK(Le64(out, 5) == 0x0123456789abcdefull);
  CHECK(static_cast<unsigned char>(out[13]) == 0xff);
}

}  // namespace
}  // namespace ohm
