// Counts over a UTF-8 text that the capitals and exclamation checks compare
// with thresholds: letters and capitals (Latin, Greek and Cyrillic, so "ÉNORME
// PROMO" counts like "HUGE SALE"), words, runs of ALL-CAPS words, and
// exclamation marks.
#ifndef OHM_FEATURES_TEXT_METRICS_H_
#define OHM_FEATURES_TEXT_METRICS_H_

#include <cstddef>
#include <string_view>

namespace ohm {

struct TextMetrics {
  size_t chars = 0;             // code points
  size_t letters = 0;           // letters with a case (upper or lower)
  size_t upper_letters = 0;
  // Code points of the scripts whose letters are drawn like Latin ones:
  // Greek (U+0370..U+03FF, U+1F00..U+1FFF), Cyrillic (U+0400..U+052F),
  // Armenian (U+0530..U+058F), Cherokee (U+13A0..U+13FF, U+AB70..U+ABBF).
  // Without one, no word can mix scripts.
  size_t lookalike_script_chars = 0;
  size_t words = 0;             // runs of letters/digits
  size_t caps_words = 0;        // words of 3+ letters, all upper case
  size_t longest_caps_run = 0;  // most consecutive caps_words ("BUY NOW AND SAVE" = 4; "OF", "IT" skipped)
  size_t exclamations = 0;      // '!' and U+FF01, U+00A1, not right before a letter or digit ("!482")
  size_t longest_exclamation_run = 0;  // "!!!" = 3; blanks between marks do not break a run

  // upper_letters / letters, or 0 when there are no letters.
  double CapsRatio() const { return letters == 0 ? 0.0 : static_cast<double>(upper_letters) / letters; }
};

// Measures `text` (UTF-8; invalid bytes count as non-letters). A word is a
// maximal run of letters and digits; a word with a digit is never a caps word
// (order numbers, "MP3"), nor is one shorter than 3 letters ("OK", "I", "EU").
TextMetrics MeasureText(std::string_view text);

// Letter case of one code point: +1 upper, -1 lower, 0 not a cased letter.
// Covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, which is every
// language the phrase lists are written in, and then some.
int LetterCase(char32_t cp);

// Decodes the UTF-8 code point at text[*pos] and advances *pos past it. An
// invalid or truncated sequence yields U+FFFD and advances by one byte, so a
// caller's loop always ends. Requires *pos < text.size().
char32_t NextCodePoint(std::string_view text, size_t* pos);

}  // namespace ohm

#endif  // OHM_FEATURES_TEXT_METRICS_H_
