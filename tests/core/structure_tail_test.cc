#include "core/structure_tail.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

constexpr size_t kCap = 1 << 16;

std::string Tail(std::string_view bytes, size_t chunk = 0, size_t cap = kCap) {
  StructureTail tail;
  tail.Begin("");
  std::string out;
  if (chunk == 0) chunk = bytes.size();
  for (size_t i = 0; i < bytes.size(); i += chunk) tail.Feed(bytes.substr(i, chunk), cap, &out);
  return out;
}

const char kTwoParts[] =
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n"
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n"
    "--b1\r\n"
    "Content-Type: application/x-msdownload; name=\"setup.exe\"\r\n"
    "Content-Disposition: attachment;\r\n"
    " filename=\"setup.exe\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
    "--b1--\r\n"
    "epilogue text\r\n";

TEST_CASE("keeps boundary lines and part headers, drops content and epilogue") {
  std::string want =
      "--b1\r\n"
      "Content-Type: application/x-msdownload; name=\"setup.exe\"\r\n"
      "Content-Disposition: attachment;\r\n"
      " filename=\"setup.exe\"\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "--b1--\r\n";
  CHECK(Tail(kTwoParts) == want);
  // The same whatever the chunking, down to one byte at a time.
  for (size_t chunk : {1, 2, 3, 7, 64}) CHECK(Tail(kTwoParts, chunk) == want);
}

TEST_CASE("the partial line passed to Begin is the start of the first line") {
  StructureTail tail;
  tail.Begin("--b");
  std::string out;
  tail.Feed("1\nContent-Type: text/plain\n\nhello\n", kCap, &out);
  CHECK(out == "--b1\nContent-Type: text/plain\n\n");
}

TEST_CASE("BeginMidLine drops the rest of the current line even if it looks like a boundary") {
  StructureTail tail;
  tail.BeginMidLine();
  std::string out;
  tail.Feed("--not-a-line-start\n--b1\n\n", kCap, &out);
  CHECK(out == "--b1\n\n");
}

TEST_CASE("nested multiparts keep every level's boundaries") {
  std::string in =
      "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n"
      "--inner\nContent-Type: text/plain\n\nbody text\n--inner--\n"
      "--outer--\n";
  CHECK(Tail(in) == "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n"
                    "--inner\nContent-Type: text/plain\n\n--inner--\n--outer--\n");
}

TEST_CASE("the cap bounds what is kept, and cut() says so") {
  std::string in;
  for (int i = 0; i < 100; ++i) in += "--b\nContent-Type: image/png\n\nAAAA\n";
  StructureTail tail;
  tail.Begin("");
  std::string out;
  tail.Feed(in, 200, &out);
  CHECK(out.size() <= 200);
  CHECK(tail.kept() == out.size());
  CHECK(tail.cut());
  // Nothing is kept after the cut, so no later boundary is glued to a part
  // whose header block was lost.
  std::string before = out;
  tail.Feed("--b--\n", 1 << 20, &out);
  CHECK(out == before);
}

TEST_CASE("a very long line is kept cut to kMaxLineBytes and still ends as a line") {
  std::string in = "--b\nX-Long: " + std::string(5000, 'x') + "\n\n";
  std::string out = Tail(in, 100);
  size_t first_break = out.find('\n');
  size_t second_break = out.find('\n', first_break + 1);
  CHECK(second_break - first_break == StructureTail::kMaxLineBytes + 1);  // kept bytes and the break
  CHECK(out.substr(out.size() - 2) == "\n\n");
}

}  // namespace
}  // namespace ohm
