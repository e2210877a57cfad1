#include "features/script_mixing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "core/ascii.h"
#include "features/text_metrics.h"

namespace ohm {

namespace {

// The alphabets whose letters are drawn like Latin ones (Unicode's
// confusables): a word that mixes two of them is written to deceive.
enum Script : int { kLatin, kGreek, kCyrillic, kArmenian, kCherokee, kScriptCount, kNoScript = kScriptCount };

constexpr std::array<std::string_view, kScriptCount> kScriptNames = {"Latin", "Greek", "Cyrillic", "Armenian",
                                                                     "Cherokee"};

// The longest word kept as evidence; past it the word is cut at a code point.
constexpr size_t kMaxQuotedWordBytes = 64;

Script ScriptOf(char32_t cp) {
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) return kLatin;
  if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) return kLatin;
  if (cp >= 0x1E00 && cp <= 0x1EFF) return kLatin;  // Latin Extended Additional (Vietnamese)
  if ((cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) || (cp >= 0x1F00 && cp <= 0x1FFF)) return kGreek;
  if (cp >= 0x400 && cp <= 0x52F && !(cp >= 0x482 && cp <= 0x489)) return kCyrillic;
  if ((cp >= 0x531 && cp <= 0x556) || (cp >= 0x560 && cp <= 0x588)) return kArmenian;
  if ((cp >= 0x13A0 && cp <= 0x13F5) || (cp >= 0x13F8 && cp <= 0x13FD) || (cp >= 0xAB70 && cp <= 0xABBF)) {
    return kCherokee;
  }
  return kNoScript;
}

// Characters that neither belong to a script nor end a word.
bool IsWordInternal(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x300 && cp <= 0x36F) ||  // digits, combining marks
         cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;  // soft hyphen, zero-width
}

// Letters of other scripts (CJK, Arabic, Hebrew...) are part of a word too.
bool IsOtherLetter(char32_t cp) {
  return cp > 0x52F && cp != 0xFFFD && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
         !(cp >= 0xFE30 && cp <= 0xFE4F) && !(cp >= 0xFF00 && cp <= 0xFF20);
}

bool IsLookalikeScriptLeadByte(char c) {
  unsigned char b = static_cast<unsigned char>(c);
  return (b >= 0xCD && b <= 0xD6) || b == 0xE1 || b == 0xEA;
}

// UTF-8 lead bytes of Greek (U+0370..U+03FF), Cyrillic (U+0400..U+052F),
// Armenian (U+0531..U+0588), Cherokee and Greek Extended (U+13A0.., U+1F00..,
// lead byte 0xE1) and Cherokee small letters (U+AB70.., 0xEA): without one,
// no word can mix. Runs over every message's body, so ASCII is skipped eight
// bytes at a time.
bool MayHoldLookalikeScript(std::string_view text) {
  for (size_t i = 0; (i = SkipAsciiBlocks(text, i)) < text.size(); ++i) {
    if (IsLookalikeScriptLeadByte(text[i])) return true;
  }
  return false;
}

// `word` as evidence: cut past kMaxQuotedWordBytes at a code point, with "...".
std::string QuotedWord(std::string_view word) {
  std::string quoted(word.substr(0, kMaxQuotedWordBytes));
  while (!quoted.empty() && word.size() > quoted.size() &&
         (static_cast<unsigned char>(word[quoted.size()]) & 0xC0) == 0x80) {
    quoted.pop_back();  // do not cut a code point in two
  }
  if (quoted.size() < word.size()) quoted += "...";
  return quoted;
}

// Fills what `found` says about its first word, `word`, from the count and
// first letter of each script in it.
void DescribeFirst(std::string_view word, const std::array<size_t, kScriptCount>& letters,
                   const std::array<std::string_view, kScriptCount>& first_letter, MixedScriptWords* found) {
  // The script with fewest letters in the word is the one that stands out.
  int minority = -1, majority = -1;
  for (int s = 0; s < kScriptCount; ++s) {
    if (letters[s] == 0) continue;
    if (minority < 0 || letters[s] < letters[minority]) minority = s;
    if (majority < 0 || letters[s] > letters[majority]) majority = s;
  }
  if (minority == majority) {  // equal counts: name the one that came second
    for (int s = 0; s < kScriptCount; ++s) {
      if (letters[s] != 0 && s != majority) minority = s;
    }
  }
  found->first_word = QuotedWord(word);
  found->standout = std::string(kScriptNames[minority]) + " " + std::string(first_letter[minority]);
  found->word_script = kScriptNames[majority];
}

// Greek, Cyrillic, Armenian and Cherokee letters drawn like Latin ones
// (Unicode's confusables for a-z and A-Z, the ones in common fonts), with the
// Latin letter each passes for; 0 for any other code point. Where a letter
// passes for two (Cyrillic "І" for I or l), the one spam means most often.
char LatinLookalike(char32_t cp) {
  struct Lookalike {
    char32_t cp;
    char latin;
  };
  static constexpr Lookalike kLookalikes[] = {
      // Greek capitals and small letters
      {0x391, 'A'}, {0x392, 'B'}, {0x395, 'E'}, {0x396, 'Z'}, {0x397, 'H'}, {0x399, 'I'}, {0x39A, 'K'},
      {0x39C, 'M'}, {0x39D, 'N'}, {0x39F, 'O'}, {0x3A1, 'P'}, {0x3A4, 'T'}, {0x3A5, 'Y'}, {0x3A7, 'X'},
      {0x3B9, 'i'}, {0x3BA, 'k'}, {0x3BD, 'v'}, {0x3BF, 'o'}, {0x3C1, 'p'},
      // Cyrillic capitals
      {0x405, 'S'}, {0x406, 'I'}, {0x408, 'J'}, {0x410, 'A'}, {0x412, 'B'}, {0x415, 'E'}, {0x417, '3'},
      {0x41A, 'K'}, {0x41C, 'M'}, {0x41D, 'H'}, {0x41E, 'O'}, {0x420, 'P'}, {0x421, 'C'}, {0x422, 'T'},
      {0x423, 'Y'}, {0x425, 'X'},
      // Cyrillic small letters
      {0x430, 'a'}, {0x435, 'e'}, {0x43E, 'o'}, {0x440, 'p'}, {0x441, 'c'}, {0x443, 'y'}, {0x445, 'x'},
      {0x455, 's'}, {0x456, 'i'}, {0x458, 'j'}, {0x4AE, 'Y'}, {0x4AF, 'y'}, {0x4BB, 'h'}, {0x4C0, 'l'},
      {0x4CF, 'l'}, {0x501, 'd'}, {0x51B, 'q'}, {0x51D, 'w'},
      // Armenian capitals Ս Տ Օ and small հ ո ռ ս ց օ
      {0x54D, 'U'}, {0x54F, 'S'}, {0x555, 'O'}, {0x570, 'h'}, {0x578, 'n'}, {0x57C, 'n'}, {0x57D, 'u'},
      {0x581, 'g'}, {0x585, 'o'},
      // Cherokee
      {0x13A0, 'D'}, {0x13A1, 'R'}, {0x13A2, 'T'}, {0x13A5, 'i'}, {0x13A9, 'Y'}, {0x13AA, 'A'}, {0x13AB, 'J'},
      {0x13AC, 'E'}, {0x13B3, 'W'}, {0x13B7, 'M'}, {0x13BB, 'H'}, {0x13C0, 'G'}, {0x13C2, 'h'}, {0x13C3, 'Z'},
      {0x13CF, 'b'}, {0x13D2, 'R'}, {0x13D4, 'W'}, {0x13D5, 'S'}, {0x13D9, 'V'}, {0x13DA, 'S'}, {0x13DE, 'L'},
      {0x13DF, 'C'}, {0x13E2, 'P'}, {0x13E6, 'K'}, {0x13E7, 'd'}, {0x13F3, 'G'}, {0x13F4, 'B'}};
  static_assert(std::is_sorted(std::begin(kLookalikes), std::end(kLookalikes),
                               [](const Lookalike& a, const Lookalike& b) { return a.cp < b.cp; }));
  auto it = std::lower_bound(std::begin(kLookalikes), std::end(kLookalikes), cp,
                             [](const Lookalike& l, char32_t c) { return l.cp < c; });
  return it != std::end(kLookalikes) && it->cp == cp ? it->latin : 0;
}

bool LooksLatin(char32_t cp) { return LatinLookalike(cp) != 0; }

// The next word of `text` at or after *pos (letters, digits, combining marks,
// zero-width characters; see FindMixedScriptWords), advancing *pos past it;
// empty when *pos was on a separator (then *pos moves past one code point).
std::string_view NextWord(std::string_view text, size_t* pos) {
  size_t start = *pos;
  while (*pos < text.size()) {
    size_t at = *pos;
    char32_t cp = NextCodePoint(text, pos);
    if (ScriptOf(cp) == kNoScript && !IsWordInternal(cp) && !IsOtherLetter(cp)) {
      return text.substr(start, at - start);
    }
  }
  return text.substr(start);
}

struct ScriptCounts {
  std::array<size_t, kScriptCount> letters{};
  std::array<std::string_view, kScriptCount> first_letter{};
  bool others_look_latin = true;  // every letter of another script is drawn like a Latin one

  // Letters of the scripts other than Latin.
  size_t OtherLetters() const {
    size_t others = 0;
    for (int script = kGreek; script < kScriptCount; ++script) others += letters[script];
    return others;
  }
};

ScriptCounts CountScripts(std::string_view word) {
  ScriptCounts counts;
  for (size_t pos = 0; pos < word.size();) {
    size_t at = pos;
    char32_t cp = NextCodePoint(word, &pos);
    Script script = ScriptOf(cp);
    if (script == kNoScript) continue;
    if (counts.letters[script]++ == 0) counts.first_letter[script] = word.substr(at, pos - at);
    if (script != kLatin && !LooksLatin(cp)) counts.others_look_latin = false;
  }
  return counts;
}

}  // namespace

bool IsLatinLookalike(std::string_view word) {
  size_t letters = 0, pos = 0;
  while (pos < word.size()) {
    char32_t cp = NextCodePoint(word, &pos);
    if (!LooksLatin(cp)) return false;
    ++letters;
  }
  return letters >= 2;
}

MixedScriptWords FindMixedScriptWords(std::string_view text) {
  MixedScriptWords found;
  if (!MayHoldLookalikeScript(text)) return found;
  for (size_t pos = 0; pos < text.size();) {
    std::string_view word = NextWord(text, &pos);
    if (word.empty()) continue;
    ScriptCounts counts = CountScripts(word);
    int scripts = 0;
    for (size_t n : counts.letters) scripts += n != 0;
    if (scripts >= 2 && ++found.count == 1) DescribeFirst(word, counts.letters, counts.first_letter, &found);
  }
  return found;
}

MixedScriptWords FindLatinLookalikeWords(std::string_view text) {
  MixedScriptWords found;
  if (!MayHoldLookalikeScript(text)) return found;
  size_t latin_words = 0;
  for (size_t pos = 0; pos < text.size();) {
    std::string_view word = NextWord(text, &pos);
    if (word.empty()) continue;
    ScriptCounts counts = CountScripts(word);
    size_t other = counts.OtherLetters();
    if (other == 0) {
      latin_words += counts.letters[kLatin] != 0;
      continue;
    }
    if (counts.letters[kLatin] != 0) continue;  // a mixed word: FindMixedScriptWords' case
    // A letter drawn as itself (or a one-letter word): the text is Greek,
    // Cyrillic, Armenian or Cherokee.
    if (!counts.others_look_latin || other < 2) return {};
    if (++found.count == 1) {
      int script = kGreek;
      for (int s = kGreek; s < kScriptCount; ++s) {
        if (counts.letters[s] > counts.letters[script]) script = s;
      }
      found.first_word = QuotedWord(word);
      found.standout = std::string(kScriptNames[script]) + " " + std::string(counts.first_letter[script]);
      found.word_script = kScriptNames[script];
      found.whole_word = true;
    }
  }
  return latin_words > 0 ? found : MixedScriptWords{};
}

bool ReadLookalikesAsLatin(std::string_view text, std::string* latin) {
  if (!MayHoldLookalikeScript(text)) return false;
  bool found = false;
  size_t copied = 0;  // text[0, copied) is in *latin already
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    std::string_view word = NextWord(text, &pos);
    if (word.empty()) continue;
    ScriptCounts counts = CountScripts(word);
    if (counts.letters[kLatin] == 0 || counts.OtherLetters() == 0 || !counts.others_look_latin) continue;
    if (!found) {
      latin->clear();
      latin->reserve(text.size());
      found = true;
    }
    latin->append(text.substr(copied, start - copied));
    for (size_t p = 0; p < word.size();) {
      size_t at = p;
      char32_t cp = NextCodePoint(word, &p);
      char letter = ScriptOf(cp) == kLatin ? 0 : LatinLookalike(cp);
      if (letter != 0) {
        latin->push_back(letter);
      } else {
        latin->append(word.substr(at, p - at));
      }
    }
    copied = start + word.size();
  }
  if (found) latin->append(text.substr(copied));
  return found;
}

}  // namespace ohm
