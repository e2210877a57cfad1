#include "parse/utf8_text.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

std::string Lenient(std::string_view bytes) {
  std::string out;
  AppendLenientUtf8(bytes, &out);
  return out;
}

std::string Converted(std::string_view bytes, std::string_view charset, bool* known = nullptr) {
  std::string out;
  bool ok = AppendCharsetAsUtf8(bytes, charset, &out);
  if (known != nullptr) *known = ok;
  return out;
}

TEST_CASE("AppendLenientUtf8 keeps valid UTF-8 and normalises line ends") {
  CHECK(Lenient("plain ascii") == "plain ascii");
  CHECK(Lenient("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK(Lenient("a\r\nb\rc\n") == "a\nb\rc\n");
}

TEST_CASE("AppendLenientUtf8 reads invalid bytes as Windows-1252") {
  CHECK(Lenient("caf\xe9") == "caf\xc3\xa9");                 // e-acute in Latin-1
  CHECK(Lenient("\x80 \x93quoted\x94") == "\xe2\x82\xac \xe2\x80\x9cquoted\xe2\x80\x9d");
  CHECK(Lenient("\x81") == "\xc2\x81");                       // unassigned: the C1 control
  CHECK(Lenient("\xc3") == "\xc3\x83");                       // truncated sequence at the end
  CHECK(Lenient("\xc3\x28") == "\xc3\x83(");                  // bad continuation
  CHECK(Lenient("\xed\xa0\x80") == "\xc3\xad\xc2\xa0\xe2\x82\xac");  // a surrogate is not UTF-8
  CHECK(Lenient("\xc0\xaf") == "\xc3\x80\xc2\xaf");           // overlong
}

TEST_CASE("AppendLenientUtf8 replaces NUL") {
  CHECK(Lenient(std::string("a\0b", 3)) == "a\xef\xbf\xbd" "b");
}

TEST_CASE("AppendCharsetAsUtf8 converts declared charsets") {
  CHECK(Converted("caf\xe9", "iso-8859-1") == "caf\xc3\xa9");
  CHECK(Converted("caf\xe9", "Latin1") == "caf\xc3\xa9");
  CHECK(Converted("\x80", "windows-1252") == "\xe2\x82\xac");
  CHECK(Converted("\xa4", "iso-8859-15") == "\xe2\x82\xac");
  CHECK(Converted("\xc1\xd7\xc5", "koi8-r") == "\xd0\xb0\xd0\xb2\xd0\xb5");  // "аве"
  CHECK(Converted("\x82\xa0", "shift_jis") == "\xe3\x81\x82");                 // HIRAGANA A
  CHECK(Converted("line\r\nnext", "iso-8859-2") == "line\nnext");
}

TEST_CASE("AppendCharsetAsUtf8 replaces undecodable bytes") {
  // 0xFF is not a valid lead byte in Shift_JIS.
  CHECK(Converted("a\xff" "b", "shift_jis") == "a\xef\xbf\xbd" "b");
  // A multi-byte sequence cut short at the end.
  CHECK(Converted("a\x82", "shift_jis") == "a\xef\xbf\xbd");
}

TEST_CASE("AppendCharsetAsUtf8 takes the lenient path for ASCII, UTF-8 and no charset") {
  bool known = false;
  CHECK(Converted("caf\xe9", "us-ascii", &known) == "caf\xc3\xa9");
  CHECK(known);
  CHECK(Converted("caf\xc3\xa9", "UTF-8", &known) == "caf\xc3\xa9");
  CHECK(known);
  CHECK(Converted("x", "", &known) == "x");
  CHECK(known);
}

TEST_CASE("AppendCharsetAsUtf8 reports unknown charsets") {
  bool known = true;
  CHECK(Converted("caf\xe9", "x-no-such-charset", &known) == "caf\xc3\xa9");
  CHECK_FALSE(known);
}

TEST_CASE("Utf8Prefix never cuts a sequence") {
  const std::string text = "ab\xe2\x82\xac" "cd";  // a b EURO c d
  CHECK(Utf8Prefix(text, 100) == text);
  CHECK(Utf8Prefix(text, 2) == "ab");
  CHECK(Utf8Prefix(text, 3) == "ab");
  CHECK(Utf8Prefix(text, 4) == "ab");
  CHECK(Utf8Prefix(text, 5) == "ab\xe2\x82\xac");
  CHECK(Utf8Prefix(text, 0) == "");
}

TEST_CASE("PrintableAscii") {
  CHECK(PrintableAscii("ok 'x'\n\xff", 100) == "ok 'x'??");
  CHECK(PrintableAscii("abcdef", 3) == "abc");
}

TEST_CASE("AppendCodePoint writes one to four bytes and replaces what is no character") {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1D405u, 0xD800u, 0x110000u}) AppendCodePoint(cp, &out);
  CHECK(out == "A\xc3\xa9\xe2\x82\xac\xf0\x9d\x90\x85\xef\xbf\xbd\xef\xbf\xbd");
}

TEST_CASE("AppendLenientUtf8 finds CR, NUL and 8-bit bytes at every offset of an eight-byte block") {
  // The ASCII runs are copied eight bytes at a time: each special byte must
  // still be seen wherever it falls in a block.
  const std::string special[] = {"\r\n", std::string(1, '\0'), "\r", "\xe9", "\xc3\xa9", "\x96"};
  const std::string expected[] = {"\n", "\xef\xbf\xbd", "\r", "\xc3\xa9", "\xc3\xa9", "\xe2\x80\x93"};
  for (size_t k = 0; k < std::size(special); k++) {
    for (size_t offset = 0; offset < 20; offset++) {
      std::string in = std::string(offset, 'a') + special[k] + std::string(11, 'b');
      std::string out;
      AppendLenientUtf8(in, &out);
      CHECK(out == std::string(offset, 'a') + expected[k] + std::string(11, 'b'));
    }
  }
}

TEST_CASE("Windows1252CodePoint") {
  CHECK(Windows1252CodePoint(0x41) == 0x41);
  CHECK(Windows1252CodePoint(0x80) == 0x20AC);
  CHECK(Windows1252CodePoint(0x96) == 0x2013);
  CHECK(Windows1252CodePoint(0x81) == 0x81);  // unassigned: the C1 control
  CHECK(Windows1252CodePoint(0xE9) == 0xE9);
}

}  // namespace
}  // namespace ohm
