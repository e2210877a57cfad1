// ASCII-only text helpers: case-insensitive comparison and trimming of the
// protocol words and header values that mail is made of. They never look at
// bytes above 0x7F as letters, so UTF-8 and 8-bit text pass through unchanged
// and no locale is consulted.
#ifndef OHM_CORE_ASCII_H_
#define OHM_CORE_ASCII_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ohm {

// Character classes of ASCII letters and digits; every byte above 0x7F is
// none of them, whatever a locale would say.
constexpr bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiAlpha(char c) { return IsAsciiLower(c) || IsAsciiUpper(c); }
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

// The first position at or after `pos` that does not begin eight ASCII bytes
// (all below 0x80): a scanner looking for UTF-8 sequences skips whole blocks
// of plain text with it, eight bytes per test. Returns `pos` itself when the
// block at `pos` holds a byte above 0x7F or is shorter than eight bytes.
inline size_t SkipAsciiBlocks(std::string_view text, size_t pos) {
  uint64_t eight;
  while (pos + 8 <= text.size() && (std::memcpy(&eight, text.data() + pos, 8), (eight & 0x8080808080808080ULL) == 0)) {
    pos += 8;
  }
  return pos;
}

// Returns c lowered when it is an ASCII capital, c itself otherwise.
constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Returns c raised when it is an ASCII small letter, c itself otherwise.
constexpr char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// s with its ASCII capitals lowered; other bytes unchanged.
std::string AsciiLowered(std::string_view s);

// True when a and b are equal ignoring ASCII case (header names, MIME words).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// True when s begins with prefix, ignoring ASCII case on both sides.
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

// True when s ends with suffix, ignoring ASCII case on both sides.
bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix);

// True when needle occurs anywhere in s, ignoring ASCII case; an empty needle
// occurs in every s.
bool ContainsIgnoreCase(std::string_view s, std::string_view needle);

// `utf8` for a channel that carries only printable ASCII (an SMTP reply, a
// queue-file record): each non-ASCII character (a whole UTF-8 sequence, or a
// stray byte) becomes '?', each control character a space.
std::string PrintableAsciiOnly(std::string_view utf8);

// s without leading and trailing ASCII white space (space, tab, CR, LF,
// vertical tab, form feed).
std::string_view TrimWhiteSpace(std::string_view s);

}  // namespace ohm

#endif  // OHM_CORE_ASCII_H_
