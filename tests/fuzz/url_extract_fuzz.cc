// Fuzz target: URLs in plain text and the host of each (as link rules read
// it), each host as a reader sees it (punycode decoded by libidn2) and the
// look-alike check over that; and the same text read for words with digits
// or symbols for letters and for styled Unicode letters, and read as plain
// (styled and look-alike letters, and digits for letters, replaced) as rules
// see it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "features/idn_host.h"
#include "features/obfuscated_words.h"
#include "features/script_mixing.h"
#include "features/styled_letters.h"
#include "parse/url_extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ohm::AsText(data, size);
  std::string host = ohm::UrlHost(text);
  if (host.size() > text.size()) __builtin_trap();
  std::vector<ohm::Link> links;
  ohm::ExtractBareUrls(text, 30, &links);
  if (links.size() > 30) __builtin_trap();
  for (const auto& link : links) {
    if (link.href.empty() || link.href.size() > text.size()) __builtin_trap();
    std::string shown = ohm::UnicodeHost(ohm::UrlHost(link.href));
    ohm::FindMixedScriptWords(shown);
  }
  ohm::MixedScriptWords mixed = ohm::FindMixedScriptWords(ohm::UnicodeHost(host));
  if ((mixed.count == 0) != mixed.first_word.empty()) __builtin_trap();
  ohm::ObfuscatedWords obfuscated = ohm::FindObfuscatedWords(text);
  if (obfuscated.count > ohm::ObfuscatedWords::kMaxCounted) __builtin_trap();
  if ((obfuscated.count == 0) != obfuscated.first_word.empty()) __builtin_trap();
  if (obfuscated.count != 0 && text.find(obfuscated.first_word) == std::string_view::npos) __builtin_trap();
  ohm::StyledLetters styled = ohm::FindStyledLetters(text);
  if (styled.read_as.size() > 2 * ohm::StyledLetters::kSampleLetters) __builtin_trap();
  if ((styled.count == 0) != styled.sample.empty() || styled.sample.size() > text.size()) __builtin_trap();
  // Each replaced character is 2 to 4 bytes that become one: the plain
  // reading is never longer, and it changes the text exactly when letters
  // were found to replace.
  std::string plain;
  if (ohm::ReadStyledAsPlain(text, &plain) && (plain.size() >= text.size() || plain == text)) __builtin_trap();
  std::string latin;
  if (ohm::ReadLookalikesAsLatin(text, &latin) && (latin.size() >= text.size() || latin == text)) __builtin_trap();
  if (ohm::FindMixedScriptWords(text).count == 0 && ohm::ReadLookalikesAsLatin(text, &latin)) {
    __builtin_trap();  // only a mixed word is read as Latin
  }
  // Digits for letters: one byte for one, only stand-ins change, each into a
  // letter, and a word counted as disguised is always read.
  std::string letters;
  bool read = ohm::ReadObfuscatedAsLetters(text, &letters);
  if (obfuscated.count > 0 && !read) __builtin_trap();
  if (read) {
    if (letters.size() != text.size() || letters == std::string(text)) __builtin_trap();
    for (size_t i = 0; i < text.size(); ++i) {
      if (letters[i] == text[i]) continue;
      if (std::string_view("013457@$").find(text[i]) == std::string_view::npos) __builtin_trap();
      if (!((letters[i] >= 'a' && letters[i] <= 'z') || (letters[i] >= 'A' && letters[i] <= 'Z'))) __builtin_trap();
    }
  }
  return 0;
}
