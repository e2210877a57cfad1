#include "core/ascii.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("EqualsIgnoreCase compares ASCII case-insensitively and nothing else") {
  CHECK(EqualsIgnoreCase("Content-Type", "content-TYPE"));
  CHECK(EqualsIgnoreCase("", ""));
  CHECK_FALSE(EqualsIgnoreCase("Subject", "Subjec"));
  CHECK_FALSE(EqualsIgnoreCase("From", "Fron"));
  // é and É differ: only ASCII letters fold.
  CHECK_FALSE(EqualsIgnoreCase("\xc3\xa9", "\xc3\x89"));
  // '@' and '`' sit 0x20 below/above letters and must not fold.
  CHECK_FALSE(EqualsIgnoreCase("@", "`"));
}

TEST_CASE("AsciiLower and AsciiUpper change ASCII letters only") {
  CHECK(AsciiLower('Q') == 'q');
  CHECK(AsciiUpper('q') == 'Q');
  CHECK(AsciiUpper('@') == '@');
  CHECK(AsciiUpper('{') == '{');
  CHECK(AsciiUpper('\xe9') == '\xe9');
}

TEST_CASE("AsciiLowered lowers ASCII capitals and leaves other bytes alone") {
  CHECK(AsciiLowered("Text/HTML; \xc3\x89") == "text/html; \xc3\x89");
  CHECK(AsciiLowered("[@Z`]") == "[@z`]");
  CHECK(AsciiLowered("") == "");
}

TEST_CASE("StartsWith/EndsWith ignore case on both sides") {
  CHECK(StartsWithIgnoreCase("HTTPS://example.com", "https://"));
  CHECK(StartsWithIgnoreCase("https://example.com", "HTTPS://"));
  CHECK(StartsWithIgnoreCase("abc", ""));
  CHECK_FALSE(StartsWithIgnoreCase("http", "https"));
  CHECK_FALSE(StartsWithIgnoreCase("xhttps://", "https://"));
  CHECK(EndsWithIgnoreCase("Invoice.PDF.EXE", ".exe"));
  CHECK_FALSE(EndsWithIgnoreCase("exe", ".exe"));
  CHECK_FALSE(EndsWithIgnoreCase("invoice.exe.pdf", ".exe"));
}

TEST_CASE("ContainsIgnoreCase finds a needle anywhere, including at the ends") {
  CHECK(ContainsIgnoreCase("Sub VBA_Macro AutoOpen", "autoopen"));
  CHECK(ContainsIgnoreCase("AutoOpen()", "AUTOOPEN"));
  CHECK(ContainsIgnoreCase("xyz", ""));
  CHECK(ContainsIgnoreCase("aab", "ab"));
  CHECK_FALSE(ContainsIgnoreCase("autoope", "autoopen"));
  CHECK_FALSE(ContainsIgnoreCase("", "a"));
}

TEST_CASE("TrimWhiteSpace removes ASCII white space at both ends only") {
  CHECK(TrimWhiteSpace(" \t text here\r\n") == "text here");
  CHECK(TrimWhiteSpace("\f\vx\v") == "x");
  CHECK(TrimWhiteSpace(" \r\n\t") == "");
  CHECK(TrimWhiteSpace("") == "");
  // A no-break space (U+00A0) is text to this function, not white space.
  CHECK(TrimWhiteSpace("\xc2\xa0x") == "\xc2\xa0x");
}

TEST_CASE("PrintableAsciiOnly keeps ASCII and marks every other character once") {
  CHECK(PrintableAsciiOnly("plain text 100%") == "plain text 100%");
  // Cyrillic a (2 bytes) and a mathematical bold F (4 bytes): one '?' each.
  CHECK(PrintableAsciiOnly("P\xd0\xb0yPal \xf0\x9d\x90\x85REE") == "P?yPal ?REE");
  CHECK(PrintableAsciiOnly("line\r\nbreak\ttab\x7f") == "line  break tab ");
  // A stray continuation byte and a truncated sequence are one '?' each.
  CHECK(PrintableAsciiOnly("a\x80" "b\xe2\x82") == "a?b?");
  CHECK(PrintableAsciiOnly("") == "");
}

TEST_CASE("ASCII character classes see no letter or digit above 0x7F") {
  CHECK(IsAsciiAlpha('a'));
  CHECK(IsAsciiAlpha('Z'));
  CHECK_FALSE(IsAsciiAlpha('0'));
  CHECK_FALSE(IsAsciiAlpha('['));  // between 'Z' and 'a'
  CHECK_FALSE(IsAsciiAlpha('\xe9'));  // Latin-1 e acute
  CHECK(IsAsciiUpper('Q'));
  CHECK_FALSE(IsAsciiUpper('q'));
  CHECK(IsAsciiLower('q'));
  CHECK_FALSE(IsAsciiLower('@'));
  CHECK(IsAsciiDigit('9'));
  CHECK_FALSE(IsAsciiDigit('\xb2'));  // Latin-1 superscript two
  CHECK(IsAsciiAlnum('7'));
  CHECK_FALSE(IsAsciiAlnum('_'));
}

TEST_CASE("SkipAsciiBlocks stops at the first block of eight that holds a non-ASCII byte") {
  CHECK(SkipAsciiBlocks("", 0) == 0);
  CHECK(SkipAsciiBlocks("short", 0) == 0);  // fewer than eight bytes left
  CHECK(SkipAsciiBlocks("exactly8", 0) == 8);
  CHECK(SkipAsciiBlocks("sixteen bytes ok and a tail", 0) == 24);
  // The block that holds the e acute is not skipped: the caller decodes it.
  std::string_view text = "01234567abc\xc3\xa9" "defghijklmnop";
  CHECK(SkipAsciiBlocks(text, 0) == 8);
  CHECK(SkipAsciiBlocks(text, 8) == 8);
  CHECK(SkipAsciiBlocks(text, 13) == 21);
}
