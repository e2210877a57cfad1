#include "features/script_mixing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>

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
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if ((word & 0x8080808080808080ULL) == 0) continue;
    for (size_t j = i; j < i + 8; ++j) {
      if (IsLookalikeScriptLeadByte(text[j])) return true;
    }
  }
  for (; i < text.size(); ++i) {
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
// (Unicode's confusables for a-z and A-Z, the ones in common fonts).
bool LooksLatin(char32_t cp) {
  static constexpr char32_t kLookalikes[] = {
      // Cyrillic capitals А В Е З К М Н О Р С Т У Х І Ј Ѕ Ү Ӏ
      0x410, 0x412, 0x415, 0x417, 0x41A, 0x41C, 0x41D, 0x41E, 0x420, 0x421, 0x422, 0x423, 0x425, 0x406, 0x408, 0x405,
      0x4AE, 0x4C0,
      // Cyrillic small а е о р с у х і ј ѕ һ ԁ ԛ ԝ ӏ ү
      0x430, 0x435, 0x43E, 0x440, 0x441, 0x443, 0x445, 0x456, 0x458, 0x455, 0x4BB, 0x501, 0x51B, 0x51D, 0x4CF,
      0x4AF,
      // Greek capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and small ο ν ι κ ρ
      0x391, 0x392, 0x395, 0x396, 0x397, 0x399, 0x39A, 0x39C, 0x39D, 0x39F, 0x3A1, 0x3A4, 0x3A5, 0x3A7, 0x3BF,
      0x3BD, 0x3B9, 0x3BA, 0x3C1,
      // Armenian capitals Ս Տ Օ and small հ ո ռ ս ց օ (h n n u g o)
      0x54D, 0x54F, 0x555, 0x570, 0x578, 0x57C, 0x57D, 0x581, 0x585,
      // Cherokee Ꭰ Ꭱ Ꭲ Ꭵ Ꭹ Ꭺ Ꭻ Ꭼ Ꮃ Ꮇ Ꮋ Ꮐ Ꮒ Ꮓ Ꮟ Ꮢ Ꮤ Ꮥ Ꮩ Ꮪ Ꮮ Ꮯ Ꮲ Ꮶ Ꮷ Ᏻ Ᏼ (D R T i Y A J E W M H G h
      // Z b R W S V S L C P K d G B)
      0x13A0, 0x13A1, 0x13A2, 0x13A5, 0x13A9, 0x13AA, 0x13AB, 0x13AC, 0x13B3, 0x13B7, 0x13BB, 0x13C0, 0x13C2,
      0x13C3, 0x13CF, 0x13D2, 0x13D4, 0x13D5, 0x13D9, 0x13DA, 0x13DE, 0x13DF, 0x13E2, 0x13E6, 0x13E7, 0x13F3,
      0x13F4};
  return std::find(std::begin(kLookalikes), std::end(kLookalikes), cp) != std::end(kLookalikes);
}

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
    size_t other = 0;
    for (int script = kGreek; script < kScriptCount; ++script) other += counts.letters[script];
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

}  // namespace ohm
