// Words spelt with letters of two scripts: "PаyPal" with a Cyrillic "а",
// "Micrοsoft" with a Greek "ο". The letters look the same to a reader, so a
// brand name or a spam phrase gets past word lists and past the reader's eye;
// no real word in any language mixes Latin, Greek and Cyrillic inside it (nor
// Armenian or Cherokee, whose "օ" and "Ꭺ" pass for "o" and "A" as well).
// rspamd (R_MIXED_CHARSET) and Gmail count it against the message.
#ifndef OHM_FEATURES_SCRIPT_MIXING_H_
#define OHM_FEATURES_SCRIPT_MIXING_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ohm {

struct MixedScriptWords {
  size_t count = 0;  // words with letters of two or more of Latin, Greek, Cyrillic, Armenian and Cherokee
  // About the first such word (all empty when count is 0):
  std::string first_word;   // the word, cut at a code point past 64 bytes ("...")
  std::string standout;     // the script with fewest letters in it and its first letter: "Cyrillic а"
  std::string word_script;  // the script with most letters in it: "Latin"
  bool whole_word = false;  // FindLatinLookalikeWords: the word is all look-alikes

  // For a verdict: "Cyrillic а in Latin word PаyPal", or for a word of
  // look-alikes "Cyrillic word аррӏе, read as Latin".
  std::string Explain() const {
    if (whole_word) return word_script + " word " + first_word + ", read as Latin";
    return standout + " in " + word_script + " word " + first_word;
  }
};

// Finds the mixed-script words in `text` (UTF-8; invalid bytes end a word).
// A word is a run of letters, digits, combining marks and zero-width
// characters (which spam puts inside a word to split it for filters but not
// for the eye). Letters of other scripts (CJK, Arabic, ...) count for none of
// the five: "東京Tower" is no mix. Linear in the text; a text without a
// UTF-8 lead byte of one of those scripts returns at once.
MixedScriptWords FindMixedScriptWords(std::string_view text);

// For a short Latin text read as a name or a title (From's display name, a
// subject): the words written wholly in Greek, Cyrillic, Armenian or Cherokee
// letters drawn like Latin ones ("аррӏе Support", "ᏢᎪᎽ"), which
// FindMixedScriptWords cannot see since they mix nothing. Counted only when
// the text has a Latin word and no word with such a letter drawn as itself:
// in Russian or Greek text, words of such letters are ordinary ("сера", "οκ").
MixedScriptWords FindLatinLookalikeWords(std::string_view text);

// True when `word` (UTF-8) has two or more letters and every one is a Greek,
// Cyrillic, Armenian or Cherokee letter drawn like a Latin one ("аррӏе" is Cyrillic throughout
// and reads as "apple"). Such a word mixes nothing, so FindMixedScriptWords
// misses it; browsers refuse to show such a host name unless its top-level
// domain is of the same script.
bool IsLatinLookalike(std::string_view word);

// The text as a reader reads it, for word lists and rules: when `text` has
// words that mix Latin letters with look-alikes of another script
// ("Frее" with two Cyrillic "е", "PаyPal"), writes `text` into *latin with
// those look-alikes replaced by the Latin letters they pass for ("Free",
// "PayPal") and returns true; otherwise returns false and leaves *latin as it
// was. A word with a letter drawn as itself ("нeправильной", a Russian word
// with one Latin "e") is a real word of its script and is left alone, and so
// is a word with no Latin letter. Linear in the text.
bool ReadLookalikesAsLatin(std::string_view text, std::string* latin);

}  // namespace ohm

#endif  // OHM_FEATURES_SCRIPT_MIXING_H_
