#include "features/obfuscated_words.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/ascii.h"

namespace ohm {

namespace {

constexpr size_t kMinWord = 4;
constexpr size_t kMaxWord = 24;
constexpr size_t kMaxStandIns = 3;
constexpr size_t kMaxAtSide = 4;

bool IsWordChar(char c) { return IsAsciiAlnum(c) || c == '@' || c == '$'; }

// Digits and symbols drawn like a letter: 0 o, 1 i/l, 3 e, 4 a, 5 s, 7 t, @ a, $ s.
// A table: the scan for words asks it of every byte of the text.
constexpr std::array<bool, 256> kStandIn = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("013457@$")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool IsStandIn(char c) { return kStandIn[static_cast<unsigned char>(c)]; }

// Returns the end of the run of stand-ins that begins at s[i], and sets
// *flanked when the run is one or two long with a letter on each side: a
// stand-in inside letters reads as letters ("V1agra", "Pa$$word", "g00gle");
// at an end it is a number or a sign ("mp3", "$5", "Win10").
size_t StandInRunEnd(std::string_view s, size_t i, bool* flanked) {
  size_t run_end = i + 1;
  while (run_end < s.size() && IsStandIn(s[run_end])) ++run_end;
  *flanked = i > 0 && IsAsciiAlpha(s[i - 1]) && run_end < s.size() && IsAsciiAlpha(s[run_end]) && run_end - i <= 2;
  return run_end;
}

// A character that joins a run to its neighbours as a path, address, host or
// identifier: such a run is not a word of prose.
bool JoinsRun(char c) {
  return c == '/' || c == '\\' || c == '.' || c == '-' || c == '_' || c == '=' || c == '<' || c == '>' ||
         c == '&' || c == '%' || c == '+' || c == '#' || c == ':' || c == '~' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsHex(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
}

// The run text[begin, end) stands alone when what is before and after it
// does not join it to a longer token. A sentence's closing '.', ':' or '-'
// followed by space or the end still stands alone ("Try V1agra.").
bool StandsAlone(std::string_view text, size_t begin, size_t end) {
  if (begin > 0 && JoinsRun(text[begin - 1])) return false;
  if (end < text.size() && JoinsRun(text[end])) {
    char c = text[end];
    if (c != '.' && c != ':' && c != '-') return false;
    if (end + 1 < text.size() && !(text[end + 1] == ' ' || text[end + 1] == '\n' || text[end + 1] == '\r' || text[end + 1] == '\t')) {
      return false;
    }
  }
  return true;
}

// Whether `w`, found around a flanked run of stand-ins (StandInRunEnd), reads
// as a word in disguise. With `capitals`, a word in capitals of the same shape
// passes too ("V1AGRA", at least four letters, so "A7B3K" does not): fine for
// reading, where a code read as letters changes nothing, too loose for
// counting.
bool IsObfuscated(std::string_view w, bool capitals) {
  if (w.size() < kMinWord || w.size() > kMaxWord) return false;
  size_t letters = 0, stand_ins = 0, ats = 0, capitals_after_first = 0, capital_letters = 0;
  bool lower_pair = false;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (IsAsciiAlpha(c)) {
      ++letters;
      if (IsAsciiUpper(c)) ++capital_letters;
      if (i > 0 && IsAsciiUpper(c)) ++capitals_after_first;
      if (i > 0 && IsAsciiLower(c) && IsAsciiLower(w[i - 1])) lower_pair = true;
    } else if (IsStandIn(c)) {
      ++stand_ins;
      if (c == '@') {
        if (++ats > 1 || i > kMaxAtSide || w.size() - i - 1 > kMaxAtSide) return false;
      }
    } else {
      return false;  // 2 6 8 9: a number or a code, not a letter in disguise
    }
  }
  bool small_word = lower_pair && capitals_after_first == 0;
  bool capital_word = capitals && capital_letters == letters && letters >= 4;
  if (letters < 3 || !(small_word || capital_word) || stand_ins > kMaxStandIns) return false;
  if (StartsWithIgnoreCase(w, "0x") || IsHex(w)) return false;
  return true;
}

// Calls on_word(begin, end) for each run of `text` that reads as a word with
// stand-ins (IsObfuscated with `capitals`), in order, until it returns false.
// Most text has no stand-in character at all: skip to the next one. A word
// in disguise needs a flanked run of stand-ins (StandInRunEnd), so only such
// a run has the word characters around it read and judged (IsObfuscated):
// the digits of numbers and dates are passed over at once.
template <typename OnWord>
void ForEachObfuscatedWord(std::string_view text, bool capitals, OnWord on_word) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsStandIn(text[i])) {
      ++i;
      continue;
    }
    bool flanked = false;
    size_t run_end = StandInRunEnd(text, i, &flanked);
    if (!flanked) {
      i = run_end;  // each later stand-in of the run has one before it, not a letter
      continue;
    }
    size_t begin = i;
    while (begin > 0 && IsWordChar(text[begin - 1])) --begin;
    size_t end = i + 1;
    while (end < text.size() && IsWordChar(text[end])) ++end;
    i = end;
    if (!IsObfuscated(text.substr(begin, end - begin), capitals) || !StandsAlone(text, begin, end)) continue;
    if (!on_word(begin, end)) return;
  }
}

// The letter a stand-in is drawn like, for the one at word[i]. A 1 is an l
// when doubled ("he11o") or beside an i ("c1ick", "fi1e"), else an i
// ("V1agra", "l1mited"): the two readings a word needs most often.
char LetterFor(std::string_view word, size_t i) {
  switch (word[i]) {
    case '0': return 'o';
    case '3': return 'e';
    case '4': case '@': return 'a';
    case '5': case '$': return 's';
    case '7': return 't';
    case '1': {
      char before = i > 0 ? AsciiLower(word[i - 1]) : ' ';
      char after = i + 1 < word.size() ? AsciiLower(word[i + 1]) : ' ';
      return before == '1' || after == '1' || before == 'i' || after == 'i' ? 'l' : 'i';
    }
    default: return word[i];
  }
}

}  // namespace

ObfuscatedWords FindObfuscatedWords(std::string_view text) {
  ObfuscatedWords found;
  std::vector<std::string> seen;  // lowered, at most kMaxCounted
  ForEachObfuscatedWord(text, /*capitals=*/false, [&](size_t begin, size_t end) {
    std::string_view word = text.substr(begin, end - begin);
    std::string key = AsciiLowered(word);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return true;
    if (found.count == 0) found.first_word = std::string(word);
    seen.push_back(std::move(key));
    return ++found.count < ObfuscatedWords::kMaxCounted;
  });
  return found;
}

bool ReadObfuscatedAsLetters(std::string_view text, std::string* plain) {
  std::string out;
  ForEachObfuscatedWord(text, /*capitals=*/true, [&](size_t begin, size_t end) {
    if (out.empty()) out.assign(text);
    std::string_view word = text.substr(begin, end - begin);
    bool in_capitals = std::none_of(word.begin(), word.end(), IsAsciiLower);
    for (size_t i = 0; i < word.size(); ++i) {
      char letter = LetterFor(word, i);
      out[begin + i] = in_capitals ? AsciiUpper(letter) : letter;
    }
    return true;
  });
  if (out.empty()) return false;
  *plain = std::move(out);
  return true;
}

}  // namespace ohm
