#include "parse/bounded_inflate.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

#include "deflate_writer.h"

namespace ohm {
namespace {

using testing::Deflate;

const std::string kText = [] {
  std::string t;
  for (int i = 0; i < 5000; i++) t += "line " + std::to_string(i) + "\n";
  return t;
}();

TEST_CASE("InflateBounded reads zlib and raw DEFLATE streams") {
  std::string out = "kept:";
  CHECK(InflateBounded(Deflate(kText, MAX_WBITS), DeflateFraming::kZlib, 1 << 20, &out) == InflateEnd::kStreamEnd);
  CHECK(out == "kept:" + kText);  // appended
  out.clear();
  CHECK(InflateBounded(Deflate(kText, -MAX_WBITS), DeflateFraming::kRaw, 1 << 20, &out) == InflateEnd::kStreamEnd);
  CHECK(out == kText);
  // The wrong framing fails at once.
  out.clear();
  CHECK(InflateBounded(Deflate(kText, -MAX_WBITS), DeflateFraming::kZlib, 1 << 20, &out) == InflateEnd::kFailed);
}

TEST_CASE("InflateBounded stops at the limit") {
  // A bomb: 8 MB of zeros in a few KB.
  std::string bomb = Deflate(std::string(8 << 20, '\0'), MAX_WBITS);
  CHECK(bomb.size() < 20000);
  std::string out = "ab";
  CHECK(InflateBounded(bomb, DeflateFraming::kZlib, 100000, &out) == InflateEnd::kLimitReached);
  CHECK(out.size() == 100002);
  out.clear();
  CHECK(InflateBounded(bomb, DeflateFraming::kZlib, 0, &out) == InflateEnd::kLimitReached);
  CHECK(out.empty());
}

TEST_CASE("InflateBounded keeps what inflated before a cut or a fault") {
  std::string stream = Deflate(kText, -MAX_WBITS);
  std::string out;
  CHECK(InflateBounded(std::string_view(stream).substr(0, stream.size() / 2), DeflateFraming::kRaw, 1 << 20, &out) ==
        InflateEnd::kFailed);
  CHECK(!out.empty());
  CHECK(kText.compare(0, out.size(), out) == 0);
  out.clear();
  CHECK(InflateBounded("not deflate at all", DeflateFraming::kZlib, 1 << 20, &out) == InflateEnd::kFailed);
  CHECK(out.empty());
  CHECK(InflateBounded("", DeflateFraming::kRaw, 1 << 20, &out) == InflateEnd::kFailed);
}

}  // namespace
}  // namespace ohm
