// Fuzz target: RFC 2047 encoded words and charset conversion. The first line
// names a charset; the rest is converted from it to UTF-8, and is also used as
// the Subject and From of a header-only message, which GMime decodes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/raw_message.h"
#include "fuzz_input.h"
#include "parse/mime_parser.h"
#include "parse/utf8_text.h"

namespace {

// The converters promise valid UTF-8 whatever the input.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest = ohm::AsText(data, size);
  std::string_view charset = ohm::TakeLine(&rest).substr(0, 64);
  std::string out;
  ohm::AppendCharsetAsUtf8(rest, charset, &out);
  if (!IsValidUtf8(out)) __builtin_trap();
  out.clear();
  ohm::AppendLenientUtf8(rest, &out);
  if (!IsValidUtf8(out)) __builtin_trap();
  if (!IsValidUtf8(ohm::Utf8Prefix(out, size / 2))) __builtin_trap();

  ohm::RawMessage raw;
  ohm::CollectLimits limits;
  ohm::AddHeader(&raw, "Subject", std::string(rest), limits);
  ohm::AddHeader(&raw, "From", std::string(rest), limits);
  ohm::AddHeader(&raw, "Content-Type", "text/plain; charset=\"" + std::string(charset) + "\"", limits);
  ohm::AppendBody(&raw, rest, limits);
  ohm::ParsedMessage parsed = ohm::ParseMessage(raw, ohm::ParseLimits());
  if (!IsValidUtf8(parsed.subject) || !IsValidUtf8(parsed.from_display)) __builtin_trap();
  if (!IsValidUtf8(parsed.body_text)) __builtin_trap();
  return 0;
}
