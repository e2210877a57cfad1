#include "parse/utf8_text.h"

#include <gmime/gmime.h>
#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "parse/mime_parser.h"

namespace ohm {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Windows-1252 code points for bytes 0x80..0x9F (the WHATWG mapping, where
// the five unassigned bytes map to the C1 controls of the same value).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// True when one of the eight bytes in `block` is above 0x7F, a CR or a NUL:
// a byte AppendLenientUtf8 cannot copy as it is (the classic SWAR zero-byte
// test, once for NUL and once for CR).
bool NeedsAttention(uint64_t block) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  return (block & kHighs) != 0 || has_zero(block) != 0 || has_zero(block ^ (kOnes * '\r')) != 0;
}

}  // namespace

uint32_t Windows1252CodePoint(uint8_t byte) { return byte >= 0x80 && byte < 0xA0 ? kCp1252High[byte - 0x80] : byte; }

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF), or 0 when there is none.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t left = s.size() - i;
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && IsCont(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !IsCont(at(1)) || !IsCont(at(2))) return 0;
    if (c == 0xE0 && at(1) < 0xA0) return 0;
    if (c == 0xED && at(1) > 0x9F) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !IsCont(at(1)) || !IsCont(at(2)) || !IsCont(at(3))) return 0;
    if (c == 0xF0 && at(1) < 0x90) return 0;
    if (c == 0xF4 && at(1) > 0x8F) return 0;
    return 4;
  }
  return 0;
}

bool IsUtf8OrAsciiName(std::string_view charset) {
  std::string name = AsciiLowered(charset);
  return name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" ||
         name == "ansi_x3.4-1968" || name == "iso646-us";
}

}  // namespace

std::string PrintableAscii(std::string_view s, size_t max_bytes) {
  std::string out;
  for (char c : s.substr(0, max_bytes)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  return out;
}

void AppendLenientUtf8(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    // Copy the longest run of plain ASCII other than CR and NUL in one go,
    // eight bytes at a time while it lasts.
    size_t run = i;
    uint64_t block;
    while (run + 8 <= bytes.size() && (std::memcpy(&block, bytes.data() + run, 8), !NeedsAttention(block))) run += 8;
    while (run < bytes.size()) {
      unsigned char c = static_cast<unsigned char>(bytes[run]);
      if (c >= 0x80 || c == '\r' || c == 0) break;
      run++;
    }
    out->append(bytes.data() + i, run - i);
    i = run;
    if (i >= bytes.size()) break;
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
        out->push_back('\n');
        i += 2;
      } else {
        out->push_back('\r');
        i++;
      }
    } else if (c == 0) {
      out->append(kReplacement);
      i++;
    } else if (size_t n = Utf8SequenceLength(bytes, i); n > 0) {
      out->append(bytes.data() + i, n);
      i += n;
    } else {
      AppendCodePoint(Windows1252CodePoint(c), out);
      i++;
    }
  }
}

bool AppendCharsetAsUtf8(std::string_view bytes, std::string_view charset, std::string* out) {
  if (IsUtf8OrAsciiName(charset)) {
    AppendLenientUtf8(bytes, out);
    return true;
  }
  EnsureGMimeInit();
  // GMime maps the many charset aliases seen in mail to names iconv knows.
  std::string name(charset);
  iconv_t cd = g_mime_iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    AppendLenientUtf8(bytes, out);
    return false;
  }
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a cached descriptor may hold shift state
  std::string converted;
  converted.reserve(bytes.size() + bytes.size() / 2);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buf[8192];
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof(buf);
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    int err = errno;
    converted.append(buf, static_cast<size_t>(o - buf));
    if (r == static_cast<size_t>(-1) && err != E2BIG && in_left > 0) {
      // EILSEQ, or EINVAL for a sequence cut short at the end: skip one byte.
      converted.append(kReplacement);
      in++;
      in_left--;
    }
  }
  char* o = buf;
  size_t o_left = sizeof(buf);
  iconv(cd, nullptr, nullptr, &o, &o_left);  // return to the initial shift state
  converted.append(buf, static_cast<size_t>(o - buf));
  g_mime_iconv_close(cd);
  AppendLenientUtf8(converted, out);
  return true;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back up over continuation bytes to the start of the cut sequence.
  size_t back = 0;
  while (end > 0 && back < 4 && IsCont(static_cast<unsigned char>(text[end]))) {
    end--;
    back++;
  }
  return text.substr(0, end);
}

}  // namespace ohm
