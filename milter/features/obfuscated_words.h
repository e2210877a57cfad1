// Words spelt with digits or symbols in place of letters: "V1agra",
// "Micr0soft", "acc0unt", "c@sh". The reader reads the word; a word list or
// a brand check does not. SpamAssassin's obfuscation rules and the outbound
// filters of hosting providers count such spellings as a sign of spam that
// tries to get past filters, and legitimate mail has no reason to write them.
#ifndef OHM_FEATURES_OBFUSCATED_WORDS_H_
#define OHM_FEATURES_OBFUSCATED_WORDS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ohm {

struct ObfuscatedWords {
  size_t count = 0;        // distinct such words (case-insensitive), at most kMaxCounted
  std::string first_word;  // the first one as written, empty when count is 0

  // The evidence a verdict quotes: the first such word as written.
  const std::string& Explain() const { return first_word; }

  static constexpr size_t kMaxCounted = 16;
};

// Finds the words of `text` in which a digit or symbol stands for a letter.
// A word is a run of ASCII letters, digits, '@' and '$' standing on its own
// (between spaces or sentence punctuation; a run touching '/', '.', '-',
// '_', '=', '<' or a non-ASCII byte is part of a path, address, host or
// identifier and is not read). It counts when:
//   - it is 4 to 24 characters long with at least 3 letters, two of them
//     lower-case side by side, and no capital after its first character
//     ("A7B3K" order codes, "W3C", "MICR0SOFT" are not read);
//   - 1 to 3 of its characters are 0 1 3 4 5 7 @ $ (the ones drawn like
//     o i/l e a s t a s), one or two of them together with a letter on each
//     side ("V1agra", "Pa$$word"; not "mp3", "Win10" or "T430s"), and it has
//     no other digit (2 6 8 9 stand for
//     no letter: "i18n", "k8s");
//   - it is not hexadecimal ("0x1dff0", "deadbe3f"), and an '@' has at most
//     four characters on each side ("b@nk", not "root@localhost").
// Technical names can still pass ("log4j", "mp3s"), so a caller wanting a
// sure sign asks for several distinct words in long text. Linear in the text.
ObfuscatedWords FindObfuscatedWords(std::string_view text);

// `text` as a reader reads it, into *plain: in every word FindObfuscatedWords
// counts, and in words in capitals of the same shape with at least four
// letters ("V1AGRA", "MICR0SOFT"; read, not counted, since codes look alike),
// each digit or symbol becomes the letter it is drawn like (0 o, 3 e, 4 a,
// 5 s, 7 t, @ a, $ s; 1 is l when doubled or beside an i, else i), in
// capitals in a word in capitals. So "V1agra" reads "Viagra", "c1ick"
// "click", "V1AGRA" "VIAGRA". Nothing else changes, and the result has the
// length of `text` (one byte for one). Returns false, *plain untouched, when
// there is no such word.
bool ReadObfuscatedAsLetters(std::string_view text, std::string* plain);

}  // namespace ohm

#endif  // OHM_FEATURES_OBFUSCATED_WORDS_H_
