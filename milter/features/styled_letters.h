// Letters drawn from Unicode's styled sets instead of the alphabet:
// mathematical bold, italic, script and double-struck letters ("𝐅𝐑𝐄𝐄"),
// circled and squared letters ("Ⓕⓡⓔⓔ", "🅵🆁🅴🅴"), small capitals ("ꜰʀᴇᴇ")
// and, outside Chinese, Japanese and Korean text, fullwidth letters ("ＦＲＥＥ").
// "Fancy text" generators make them; a reader sees the word, a filter's word
// list does not, which is why spam writes its subjects and sender names in
// them and why Gmail and SpamAssassin count them against a message. No
// ordinary mail needs them: mathematics is written in formulas, not in mail
// subjects.
#ifndef OHM_FEATURES_STYLED_LETTERS_H_
#define OHM_FEATURES_STYLED_LETTERS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ohm {

struct StyledLetters {
  size_t count = 0;     // styled letters and digits in the text
  std::string sample;   // the first run of them as written (spaces kept), at most kSampleLetters
  std::string read_as;  // that run in plain letters: "FREE MONEY" ('?' for a styled Greek letter)

  static constexpr size_t kSampleLetters = 24;

  // For a verdict, the plain reading first so that a cut keeps it:
  // "FREE MONEY (written 𝐅𝐑𝐄𝐄 𝐌𝐎𝐍𝐄𝐘)".
  std::string Explain() const { return read_as + " (written " + sample + ")"; }
};

// Counts the styled letters in `text` (UTF-8; invalid bytes are skipped).
// Fullwidth Latin letters count only when the text has no Han, kana or
// Hangul character, since Chinese, Japanese and Korean text writes Latin
// letters fullwidth as a matter of course ("ＡＢＣ株式会社"). Circled
// digits ("①"), emoji and regional-indicator flags are not letters and do
// not count. Linear in the text; runs of ASCII are skipped eight bytes at a
// time.
StyledLetters FindStyledLetters(std::string_view text);

// The text as a reader reads it, for word lists and rules: when `text` holds
// a styled letter or digit with a plain reading, writes `text` into *plain
// with each such character replaced by its ASCII letter or digit and returns
// true ("𝐅𝐑𝐄𝐄 ꜰʀᴇᴇ" -> "FREE free"); otherwise returns false and leaves
// *plain as it was, so that the common text costs no copy. Fullwidth letters
// are read as plain in every text, as Unicode's compatibility mapping (NFKC)
// reads them; a styled Greek letter is kept as written. Linear in the text.
bool ReadStyledAsPlain(std::string_view text, std::string* plain);

}  // namespace ohm

#endif  // OHM_FEATURES_STYLED_LETTERS_H_
