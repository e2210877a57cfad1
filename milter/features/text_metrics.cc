#include "features/text_metrics.h"

#include <algorithm>

#include "core/ascii.h"

namespace ohm {

namespace {

bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

bool IsExclamation(char32_t cp) { return cp == '!' || cp == 0xFF01 || cp == 0xA1; }

}  // namespace

char32_t NextCodePoint(std::string_view text, size_t* pos) {
  unsigned char c = static_cast<unsigned char>(text[*pos]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *pos + len > text.size()) {
    ++*pos;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t i = 1; i < len; ++i) {
    unsigned char cc = static_cast<unsigned char>(text[*pos + i]);
    if ((cc & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *pos += len;
  return cp;
}

int LetterCase(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return 1;
  if (cp >= 'a' && cp <= 'z') return -1;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return 1;
  if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return -1;
  // Latin Extended-A pairs upper/lower on even/odd code points, with the
  // parity flipped in 0x139..0x148 and 0x179..0x17E; 0x138 and 0x149 are caseless.
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return -1;
    bool flipped = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    bool even = cp % 2 == 0;
    return even != flipped ? 1 : -1;
  }
  if (cp >= 0x391 && cp <= 0x3A9) return 1;
  if (cp >= 0x3AC && cp <= 0x3CE) return -1;
  if (cp >= 0x400 && cp <= 0x42F) return 1;
  if (cp >= 0x430 && cp <= 0x45F) return -1;
  return 0;
}

TextMetrics MeasureText(std::string_view text) {
  TextMetrics m;
  size_t pos = 0;
  // The word being read: its letters, its capitals, whether it has a digit.
  size_t word_letters = 0, word_upper = 0;
  bool in_word = false, word_has_digit = false, word_has_other = false;
  size_t caps_run = 0;
  size_t exclamation_run = 0;
  auto end_word = [&] {
    if (!in_word) return;
    ++m.words;
    bool caps = !word_has_digit && !word_has_other && word_letters >= 3 && word_upper == word_letters;
    // "IS", "OF", "A" inside a shouted sentence neither count nor break the run.
    bool short_caps = !word_has_digit && !word_has_other && word_letters > 0 && word_letters < 3 &&
                      word_upper == word_letters;
    if (caps) {
      ++m.caps_words;
      m.longest_caps_run = std::max(m.longest_caps_run, ++caps_run);
    } else if (!short_caps) {
      caps_run = 0;
    }
    in_word = false;
    word_letters = word_upper = 0;
    word_has_digit = word_has_other = false;
  };
  while (pos < text.size()) {
    // Most of a text is runs of small letters: counted in one tight loop.
    if (IsAsciiLower(text[pos])) {
      size_t run = pos + 1;
      while (run < text.size() && IsAsciiLower(text[run])) ++run;
      size_t letters = run - pos;
      m.chars += letters;
      m.letters += letters;
      word_letters += letters;
      in_word = true;
      exclamation_run = 0;
      pos = run;
      continue;
    }
    // Most mail text is ASCII: classify it here rather than through the
    // decoder and the case table (a third of MeasureText's time before).
    unsigned char byte = static_cast<unsigned char>(text[pos]);
    char32_t cp;
    int letter_case;
    if (byte < 0x80) {
      ++pos;
      cp = byte;
      letter_case = (byte >= 'A' && byte <= 'Z') ? 1 : (byte >= 'a' && byte <= 'z') ? -1 : 0;
    } else {
      cp = NextCodePoint(text, &pos);
      letter_case = LetterCase(cp);
      if (cp >= 0x370 && (cp <= 0x58F || (cp >= 0x13A0 && cp <= 0x13FF) || (cp >= 0x1F00 && cp <= 0x1FFF) ||
                          (cp >= 0xAB70 && cp <= 0xABBF))) {
        ++m.lookalike_script_chars;
      }
    }
    ++m.chars;
    // A mark written against the next word or number ("!482", a merge
    // request; "!ready", a negation in code) is notation, not exclamation:
    // an exclamation ends a sentence or a word.
    if (IsExclamation(cp) && !(pos < text.size() && IsAsciiAlnum(text[pos]))) {
      ++m.exclamations;
      m.longest_exclamation_run = std::max(m.longest_exclamation_run, ++exclamation_run);
    } else if (cp != ' ' && cp != '\t') {
      exclamation_run = 0;
    }
    if (letter_case != 0) {
      ++m.letters;
      if (letter_case > 0) ++m.upper_letters;
      ++word_letters;
      if (letter_case > 0) ++word_upper;
      in_word = true;
    } else if (IsDigit(cp)) {
      word_has_digit = true;
      in_word = true;
    } else if (cp > 0x24F && cp != 0xFFFD && cp != 0xA0 && !(cp >= 0x2000 && cp <= 0x2BFF)) {
      // A letter of a script without case (CJK, Arabic...): part of a word, never caps.
      word_has_other = true;
      in_word = true;
    } else {
      end_word();
    }
  }
  end_word();
  return m;
}

}  // namespace ohm
