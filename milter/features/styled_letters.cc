#include "features/styled_letters.h"

#include <cstdint>

#include "core/ascii.h"
#include "features/text_metrics.h"

namespace ohm {

namespace {

// Small capitals that fancy-text generators use for each Latin letter, where
// Unicode has one (IPA and Latin Extended-D lend the ones missing from the
// Phonetic Extensions block).
char SmallCapital(char32_t cp) {
  switch (cp) {
    case 0x1D00: return 'a';
    case 0x0299: return 'b';
    case 0x1D04: return 'c';
    case 0x1D05: return 'd';
    case 0x1D07: return 'e';
    case 0xA730: return 'f';
    case 0x0262: return 'g';
    case 0x029C: return 'h';
    case 0x026A: return 'i';
    case 0x1D0A: return 'j';
    case 0x1D0B: return 'k';
    case 0x029F: return 'l';
    case 0x1D0D: return 'm';
    case 0x0274: return 'n';
    case 0x1D0F: return 'o';
    case 0x1D18: return 'p';
    case 0x0280: return 'r';
    case 0xA731: return 's';
    case 0x1D1B: return 't';
    case 0x1D1C: return 'u';
    case 0x1D20: return 'v';
    case 0x1D21: return 'w';
    case 0x028F: return 'y';
    case 0x1D22: return 'z';
    default: return 0;
  }
}

enum class Style { kNone, kStyled, kFullwidth };

// The letters of the mathematical styles that Unicode had encoded before it
// added the block, in Letterlike Symbols; the block leaves holes for them
// (double-struck R is U+211D, not U+1D549), so fancy-text generators write
// "𝔽ℝ𝔼𝔼" with one of these among the others.
char LetterlikeLetter(char32_t cp) {
  switch (cp) {
    case 0x2102: return 'C';  // double-struck
    case 0x210A: return 'g';  // script
    case 0x210B: return 'H';  // script
    case 0x210C: return 'H';  // black-letter
    case 0x210D: return 'H';  // double-struck
    case 0x210E: return 'h';  // italic (Planck constant)
    case 0x2110: return 'I';  // script
    case 0x2111: return 'I';  // black-letter
    case 0x2112: return 'L';  // script
    case 0x2113: return 'l';  // script
    case 0x2115: return 'N';  // double-struck
    case 0x2119: return 'P';  // double-struck
    case 0x211A: return 'Q';  // double-struck
    case 0x211B: return 'R';  // script
    case 0x211C: return 'R';  // black-letter
    case 0x211D: return 'R';  // double-struck
    case 0x2124: return 'Z';  // double-struck
    case 0x2128: return 'Z';  // black-letter
    case 0x212C: return 'B';  // script
    case 0x212D: return 'C';  // black-letter
    case 0x212F: return 'e';  // script
    case 0x2130: return 'E';  // script
    case 0x2131: return 'F';  // script
    case 0x2133: return 'M';  // script
    case 0x2134: return 'o';  // script
    default: return 0;
  }
}

// Whether `cp` is a styled letter or digit, and the plain character it
// stands for ('?' when it has none in ASCII, such as a bold Greek letter).
Style Classify(char32_t cp, char* plain) {
  if (cp >= 0x1D400 && cp <= 0x1D6A3) {  // 13 styles x A-Z a-z (holes unassigned)
    uint32_t i = (cp - 0x1D400) % 52;
    *plain = static_cast<char>(i < 26 ? 'A' + i : 'a' + (i - 26));
    return Style::kStyled;
  }
  if (cp >= 0x1D6A8 && cp <= 0x1D7CB) {  // styled Greek
    *plain = '?';
    return Style::kStyled;
  }
  if (cp >= 0x1D7CE && cp <= 0x1D7FF) {  // 5 styles x 0-9
    *plain = static_cast<char>('0' + (cp - 0x1D7CE) % 10);
    return Style::kStyled;
  }
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
    *plain = static_cast<char>(cp - 0xFEE0);
    return Style::kFullwidth;
  }
  if (cp >= 0x249C && cp <= 0x24B5) {  // parenthesized a-z
    *plain = static_cast<char>('a' + (cp - 0x249C));
    return Style::kStyled;
  }
  if (cp >= 0x24B6 && cp <= 0x24E9) {  // circled A-Z a-z
    uint32_t i = cp - 0x24B6;
    *plain = static_cast<char>(i < 26 ? 'A' + i : 'a' + (i - 26));
    return Style::kStyled;
  }
  // Squared, negative circled and negative squared A-Z (regional indicators,
  // the flags, start at 0x1F1E6 and are not among them).
  if ((cp >= 0x1F130 && cp <= 0x1F149) || (cp >= 0x1F150 && cp <= 0x1F169) || (cp >= 0x1F170 && cp <= 0x1F189)) {
    *plain = static_cast<char>('A' + (cp - 0x1F130) % 0x20);
    return Style::kStyled;
  }
  if (char c = LetterlikeLetter(cp)) {
    *plain = c;
    return Style::kStyled;
  }
  if (char c = SmallCapital(cp)) {
    *plain = c;
    return Style::kStyled;
  }
  return Style::kNone;
}

bool IsCjk(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // kana
         (cp >= 0x3400 && cp <= 0x9FFF) ||  // Han
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul
         (cp >= 0xFF65 && cp <= 0xFF9F);    // halfwidth kana
}

// The first run of one kind of styled letters, spaces between them kept.
struct Run {
  size_t count = 0;
  size_t starts_at = SIZE_MAX;  // byte offset of its first letter
  std::string sample, read_as;
  bool open = true;          // still taking letters
  bool pending_space = false;

  void Add(std::string_view bytes, char plain, size_t at) {
    ++count;
    if (!open) return;
    if (starts_at == SIZE_MAX) starts_at = at;
    if (pending_space) {
      sample.push_back(' ');
      read_as.push_back(' ');
      pending_space = false;
    }
    sample.append(bytes);
    read_as.push_back(plain);
    if (read_as.size() >= StyledLetters::kSampleLetters) open = false;
  }
  // Anything that is not a styled letter: one space continues the run,
  // anything else ends it.
  void Other(char32_t cp) {
    if (!open || starts_at == SIZE_MAX) return;
    if (cp == ' ' && !pending_space) {
      pending_space = true;
    } else {
      open = false;
    }
  }
};

}  // namespace

StyledLetters FindStyledLetters(std::string_view text) {
  Run styled, fullwidth;
  bool cjk = false;
  size_t pos = 0;
  while (pos < text.size()) {
    if (size_t past = SkipAsciiBlocks(text, pos); past != pos) {
      // Eight ASCII characters are more than the one space a run may hold.
      styled.Other(0);
      fullwidth.Other(0);
      pos = past;
      continue;
    }
    size_t at = pos;
    char32_t cp = NextCodePoint(text, &pos);
    char plain = 0;
    Style style = cp < 0x80 ? Style::kNone : Classify(cp, &plain);
    std::string_view bytes = text.substr(at, pos - at);
    if (style == Style::kStyled) {
      styled.Add(bytes, plain, at);
      fullwidth.Other(cp);
    } else if (style == Style::kFullwidth) {
      fullwidth.Add(bytes, plain, at);
      styled.Other(cp);
    } else {
      cjk = cjk || IsCjk(cp);
      styled.Other(cp);
      fullwidth.Other(cp);
    }
  }
  if (cjk) fullwidth = Run{};
  StyledLetters out;
  out.count = styled.count + fullwidth.count;
  const Run& first = fullwidth.starts_at < styled.starts_at ? fullwidth : styled;
  out.sample = first.sample;
  out.read_as = first.read_as;
  return out;
}

bool ReadStyledAsPlain(std::string_view text, std::string* plain) {
  size_t copied = 0;  // text[0, copied) is in *plain already
  bool found = false;
  size_t pos = 0;
  while (pos < text.size()) {
    pos = SkipAsciiBlocks(text, pos);
    if (pos >= text.size()) break;
    size_t at = pos;
    char32_t cp = NextCodePoint(text, &pos);
    char letter = 0;
    if (cp < 0x80 || Classify(cp, &letter) == Style::kNone || letter == '?') continue;
    if (!found) {
      plain->clear();
      plain->reserve(text.size());
      found = true;
    }
    plain->append(text.substr(copied, at - copied));
    plain->push_back(letter);
    copied = pos;
  }
  if (found) plain->append(text.substr(copied));
  return found;
}

}  // namespace ohm
