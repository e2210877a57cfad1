// Turning decoded part bytes of any declared (or wrong, or missing) charset
// into the UTF-8 text that content checks read. Nothing here fails: bytes that
// cannot be decoded still become some valid UTF-8.
#ifndef OHM_PARSE_UTF8_TEXT_H_
#define OHM_PARSE_UTF8_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ohm {

// Appends `bytes` to `out` as valid UTF-8: well-formed UTF-8 sequences are
// kept, any other byte is read as Windows-1252 (what undeclared or mislabelled
// 8-bit mail nearly always is), NUL becomes U+FFFD and CRLF becomes LF.
void AppendLenientUtf8(std::string_view bytes, std::string* out);

// Appends code point `cp` as UTF-8; a surrogate or a value past U+10FFFF
// becomes U+FFFD.
void AppendCodePoint(uint32_t cp, std::string* out);

// The character Windows-1252 puts at `byte`: the Latin-1 one, except at
// 0x80-0x9F (the euro sign, typographic quotes, dashes, ...), where the five
// unassigned bytes stay the C1 controls of the same value (the WHATWG
// mapping; HTML's numeric references "&#150;" read the same way).
uint32_t Windows1252CodePoint(uint8_t byte);

// Appends `bytes`, declared to be in `charset`, to `out` converted to UTF-8,
// with line ends and NULs treated as AppendLenientUtf8 does; each undecodable
// byte becomes U+FFFD. An empty, ASCII or UTF-8 charset takes the lenient path.
// Returns false when the charset is unknown; the bytes are then appended as by
// AppendLenientUtf8.
bool AppendCharsetAsUtf8(std::string_view bytes, std::string_view charset, std::string* out);

// Returns the longest prefix of the UTF-8 `text` that has at most `max_bytes`
// bytes and does not end inside a multi-byte sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

// Returns `s` made safe to quote in a one-line message: printable ASCII kept,
// every other byte replaced with '?', cut to `max_bytes`.
std::string PrintableAscii(std::string_view s, size_t max_bytes);

}  // namespace ohm

#endif  // OHM_PARSE_UTF8_TEXT_H_
