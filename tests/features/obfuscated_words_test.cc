#include "features/obfuscated_words.h"

#include <doctest/doctest.h>

using namespace ohm;

namespace {

size_t Count(std::string_view text) { return FindObfuscatedWords(text).count; }

}  // namespace

TEST_CASE("digits and symbols standing for letters inside a word count") {
  ObfuscatedWords w = FindObfuscatedWords("Your Micr0soft acc0unt needs attention");
  CHECK(w.count == 2);
  CHECK(w.first_word == "Micr0soft");
  CHECK(Count("Cheap V1agra here") == 1);
  CHECK(Count("get c@sh fast") == 1);
  CHECK(Count("reset your Pa$$word") == 1);
  CHECK(Count("g00gle l0gin") == 2);
  CHECK(Count("Try V1agra.") == 1);
  CHECK(Count("(Amaz0n)") == 1);
}

TEST_CASE("numbers, codes, versions and units are no disguise") {
  CHECK(Count("Order A7B3K shipped, ref W3C and MICR0SOFT") == 0);  // capitals inside: codes
  CHECK(Count("mp3 Win10 T430s 1st 2nd 4th 10am $5 US$100 50%") == 0);  // stand-in at an end
  CHECK(Count("i18n k8s utf8 x509 dos2unix b2b") == 0);                  // 2 6 8 9 stand for no letter
  CHECK(Count("value 0x1dff0 and hash deadbe3f") == 0);                   // hexadecimal
  CHECK(Count("gr3at") == 1);                                              // control: same shape counts
}

TEST_CASE("runs joined to paths, addresses, hosts and identifiers are not words") {
  CHECK(Count("mail root@localhost or joe@acme.com") == 0);
  CHECK(Count("see https://ex.com/d0wnload and file_n4me and ipv4only.arpa") == 0);
  CHECK(Count("x-acc0unt-id <acc0unt>") == 0);
  CHECK(Count("caf\xc3\xa9l0gin") == 0);  // touches a non-ASCII letter
}

TEST_CASE("each distinct word counts once, case-insensitively, up to the cap") {
  CHECK(Count("V1agra v1agra V1AGRA V1agra") == 1);
  std::string many;
  for (char c = 'a'; c <= 'z'; ++c) many += std::string("l0g") + c + "in ";
  CHECK(Count(many) == ObfuscatedWords::kMaxCounted);
  CHECK(Count("") == 0);
  CHECK(FindObfuscatedWords("plain words only").first_word.empty());
}

namespace {

std::string Read(std::string_view text) {
  std::string plain;
  return ReadObfuscatedAsLetters(text, &plain) ? plain : "(unchanged)";
}

}  // namespace

TEST_CASE("the words it counts are read back in letters, one byte for one") {
  CHECK(Read("Buy V1agra and C1alis now") == "Buy Viagra and Cialis now");
  CHECK(Read("Your Micr0soft acc0unt") == "Your Microsoft account");
  CHECK(Read("get c@sh, reset your Pa$$word.") == "get cash, reset your Password.");
  CHECK(Read("l1mited t1me, gr3at pr1ces") == "limited time, great prices");
  // A 1 beside an i or another 1 is an l; elsewhere an i.
  CHECK(Read("c1ick here, he11o, fi1e, m1ll1on") == "click here, hello, file, million");
  std::string text = "Try V1agra. Or g00gle it";
  std::string plain;
  REQUIRE(ReadObfuscatedAsLetters(text, &plain));
  CHECK(plain.size() == text.size());
}

TEST_CASE("text with no such word is left alone") {
  std::string plain = "untouched";
  CHECK_FALSE(ReadObfuscatedAsLetters("mp3 Win10 W3C root@localhost x-acc0unt-id 0x1dff0", &plain));
  CHECK(plain == "untouched");
  CHECK_FALSE(ReadObfuscatedAsLetters("", &plain));
}

TEST_CASE("words in capitals are read, not counted") {
  CHECK(Read("BUY V1AGRA FROM MICR0SOFT") == "BUY VIAGRA FROM MICROSOFT");
  CHECK(Count("BUY V1AGRA FROM MICR0SOFT") == 0);
  CHECK(Read("order A7B3K, ref W3C") == "(unchanged)");  // fewer than four letters: a code
}
