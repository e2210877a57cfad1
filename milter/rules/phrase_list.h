// A weighted list of words and phrases ("act now", "100% free", "gratuit")
// found case-insensitively as whole words in a text. The whole list is
// compiled into one prefix-shared alternation (a trie written as a regex) and
// JIT-compiled, so a text is scanned once for hundreds of phrases instead of
// once per phrase.
#ifndef OHM_RULES_PHRASE_LIST_H_
#define OHM_RULES_PHRASE_LIST_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/regex_prefilter.h"
#include "rules/regex.h"

namespace ohm {

struct Phrase {
  std::string text;  // as declared, white space runs collapsed to one space
  double weight = 0;
};

class PhraseList {
 public:
  // Builds the list from declarations in order. Declarations of the same
  // phrase (compared after NormalizePhrase, ASCII case ignored) override
  // earlier ones; weight 0 removes the phrase. Empty phrases are ignored.
  // Returns nullptr with *error set when the regex cannot be built.
  static std::unique_ptr<PhraseList> Compile(const std::vector<Phrase>& declarations,
                                             std::string* error);

  // From now on a Hyperscan pass (regex_prefilter.h) first tells which of the
  // list's regexes can match a text at all, and the others are not run. Not
  // thread-safe; call before the list is shared. Does nothing where Hyperscan
  // is not available. Compiling the pass is slow (tenths of a second for a
  // few hundred phrases): call it only for lists that are scanned. With
  // `cache`, a pass compiled before for the same regexes is loaded from it.
  void BuildPrefilter(const PrefilterCache* cache = nullptr);

  // Finds the phrases present in `text`, scanning left to right; where several
  // phrases start at one position the longest wins, and scanning resumes after
  // it. The index of each phrase not yet `seen` is appended to `found` and
  // marked seen, so repeated scans (subject, then body) count a phrase once.
  // Returns kNoMatch when the scan completed, kLimit/kError when it was cut short.
  MatchStatus Scan(std::string_view text, MatchScratch* scratch, std::vector<bool>* seen,
                   std::vector<size_t>* found) const;

  size_t size() const { return phrases_.size(); }
  const Phrase& phrase(size_t index) const { return phrases_[index]; }

 private:
  PhraseList() = default;
  std::vector<Phrase> phrases_;
  // Usually one; a very long list is split so that each stays under PCRE2's
  // compiled pattern size limit.
  std::vector<std::unique_ptr<Regex>> regexes_;
  std::vector<PrefilterPattern> plain_patterns_;  // regexes_ without their marks, for BuildPrefilter
  std::unique_ptr<RegexPrefilter> prefilter_;      // by regex; null when not built
};

// The key under which declarations of one normalized phrase are merged: the
// phrase with ASCII letters lower-cased.
std::string PhraseKey(std::string_view normalized);

// Trims `words` and collapses each run of white space to a single space.
std::string NormalizePhrase(std::string_view words);

// True when `text` is well-formed UTF-8 (phrases must be, to be matched as characters).
bool IsValidUtf8(std::string_view text);

}  // namespace ohm

#endif  // OHM_RULES_PHRASE_LIST_H_
