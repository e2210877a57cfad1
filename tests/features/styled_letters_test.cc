#include "features/styled_letters.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("mathematical letters are counted and read as plain letters") {
  // U+1D405 U+1D411 U+1D404 U+1D404 (bold FREE), space, bold MONEY.
  StyledLetters s = FindStyledLetters("Get \xf0\x9d\x90\x85\xf0\x9d\x90\x91\xf0\x9d\x90\x84\xf0\x9d\x90\x84 "
                                      "\xf0\x9d\x90\x8c\xf0\x9d\x90\x8e\xf0\x9d\x90\x8d\xf0\x9d\x90\x84\xf0\x9d\x90\x98 now");
  CHECK(s.count == 9);
  CHECK(s.read_as == "FREE MONEY");
  CHECK(s.Explain() == "FREE MONEY (written \xf0\x9d\x90\x85\xf0\x9d\x90\x91\xf0\x9d\x90\x84\xf0\x9d\x90\x84 "
                       "\xf0\x9d\x90\x8c\xf0\x9d\x90\x8e\xf0\x9d\x90\x8d\xf0\x9d\x90\x84\xf0\x9d\x90\x98)");
  // Italic small a (U+1D44E) and bold digit 7 (U+1D7D5).
  CHECK(FindStyledLetters("\xf0\x9d\x91\x8e\xf0\x9d\x9f\x95").read_as == "a7");
}

TEST_CASE("circled, squared and small-capital letters count") {
  // Circled F r e e: U+24BB U+24E1 U+24D4 U+24D4.
  CHECK(FindStyledLetters("\xe2\x92\xbb\xe2\x93\xa1\xe2\x93\x94\xe2\x93\x94").read_as == "Free");
  // Negative squared S A L E: U+1F182 U+1F170 U+1F17B U+1F174.
  CHECK(FindStyledLetters("\xf0\x9f\x86\x82\xf0\x9f\x85\xb0\xf0\x9f\x85\xbb\xf0\x9f\x85\xb4").read_as == "SALE");
  // Small capitals f r e e: U+A730 U+0280 U+1D07 U+1D07.
  StyledLetters small = FindStyledLetters("\xea\x9c\xb0\xca\x80\xe1\xb4\x87\xe1\xb4\x87");
  CHECK(small.count == 4);
  CHECK(small.read_as == "free");
}

TEST_CASE("fullwidth letters count outside Chinese, Japanese and Korean text only") {
  // Fullwidth S A L E: U+FF33 U+FF21 U+FF2C U+FF25.
  const std::string sale = "\xef\xbc\xb3\xef\xbc\xa1\xef\xbc\xac\xef\xbc\xa5";
  CHECK(FindStyledLetters("Big " + sale + " today").count == 4);
  CHECK(FindStyledLetters("Big " + sale + " today").read_as == "SALE");
  // The same letters beside kanji (U+682A U+5F0F: 株式) are ordinary Japanese.
  CHECK(FindStyledLetters(sale + "\xe6\xa0\xaa\xe5\xbc\x8f").count == 0);
  // Styled letters other than fullwidth still count in Japanese text.
  CHECK(FindStyledLetters("\xe6\xa0\xaa \xe2\x92\xbb").count == 1);
}

TEST_CASE("plain text, digits in circles, emoji and flags do not count") {
  CHECK(FindStyledLetters("An ordinary subject line, caf\xc3\xa9 and na\xc3\xafve").count == 0);
  CHECK(FindStyledLetters("\xe2\x91\xa0 \xe2\x91\xa1 steps").count == 0);          // circled digits 1 2
  CHECK(FindStyledLetters("\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa flag, \xf0\x9f\x98\x80").count == 0);  // DE flag, emoji
  CHECK(FindStyledLetters("").count == 0);
  CHECK(FindStyledLetters("").sample.empty());
}

TEST_CASE("the sample is the first run, one space inside it kept, and bounded") {
  // Circled A, two spaces, circled B: the run ends at the second space.
  StyledLetters s = FindStyledLetters("\xe2\x92\xb6  \xe2\x92\xb7");
  CHECK(s.count == 2);
  CHECK(s.read_as == "A");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "\xe2\x92\xb6";
  StyledLetters bounded = FindStyledLetters(many);
  CHECK(bounded.count == 40);
  CHECK(bounded.read_as.size() == StyledLetters::kSampleLetters);
  // Invalid bytes are skipped, not read as letters.
  CHECK(FindStyledLetters("\xf0\x9d\x90").count == 0);
}

TEST_CASE("ReadStyledAsPlain writes styled letters as the plain letters they stand for") {
  std::string plain = "left alone";
  CHECK(ReadStyledAsPlain("𝐅𝐑𝐄𝐄 money, ꜰʀᴇᴇ gifts, Ⓦⓘⓝⓝⓔⓡ 🅵🆁🅴🅴 ＳＡＬＥ 𝟓𝟎%", &plain));
  CHECK(plain == "FREE money, free gifts, Winner FREE SALE 50%");
  // Past whole blocks of ASCII, and with an invalid byte kept as it is.
  CHECK(ReadStyledAsPlain("0123456789abcdef \xff𝐱", &plain));
  CHECK(plain == "0123456789abcdef \xffx");
  // Fullwidth letters in Japanese text are read as plain too, as NFKC does;
  // only the count leaves them out there.
  CHECK(ReadStyledAsPlain("ＡＢＣ株式会社", &plain));
  CHECK(plain == "ABC株式会社");
}

TEST_CASE("letters of the mathematical styles kept in Letterlike Symbols count with their style") {
  // Double-struck FREE: F and E from the mathematical block, R (U+211D) from
  // Letterlike Symbols; script Hello: H (U+210B) and o (U+2134) from there.
  StyledLetters s = FindStyledLetters("𝔽ℝ𝔼𝔼 gifts from ℋℯ𝓁𝓁ℴ");
  CHECK(s.count == 9);
  CHECK(s.read_as == "FREE");
  std::string plain;
  CHECK(ReadStyledAsPlain("𝔽ℝ𝔼𝔼 gifts from ℋℯ𝓁𝓁ℴ", &plain));
  CHECK(plain == "FREE gifts from Hello");
}

TEST_CASE("ReadStyledAsPlain leaves text without styled letters alone") {
  std::string plain = "left alone";
  CHECK_FALSE(ReadStyledAsPlain("", &plain));
  CHECK_FALSE(ReadStyledAsPlain("Plain text, café, Привет, 株式会社 ① 🇫🇷 😀", &plain));
  // A styled Greek letter has no plain Latin reading and is kept.
  CHECK_FALSE(ReadStyledAsPlain("𝚨𝚩", &plain));
  CHECK(plain == "left alone");
  CHECK(ReadStyledAsPlain("𝚨 𝐁", &plain));
  CHECK(plain == "𝚨 B");
}
