// Several phrase lists scanned over the same texts (the per-language spam
// phrase rules) merged into one list, so a text is scanned once for all of
// them instead of once per list. A phrase found is credited to every list
// that declares it. Where phrases of two lists overlap in the text, the
// longer one is found (within one list that was already so).
#ifndef OHM_RULES_PHRASE_GROUP_H_
#define OHM_RULES_PHRASE_GROUP_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/phrase_list.h"
#include "rules/regex.h"

namespace ohm {

class PhraseGroup {
 public:
  // Merges `lists` (none null). Returns nullptr with *error when the merged
  // regex cannot be built; the lists then work on their own as before.
  // With `prefilter`, the merged list gets its Hyperscan pass
  // (PhraseList::BuildPrefilter, from `cache` when it holds it).
  static std::unique_ptr<PhraseGroup> Build(const std::vector<const PhraseList*>& lists, std::string* error,
                                            bool prefilter = true, const PrefilterCache* cache = nullptr);

  // Scans `subject` (when scan_subject) then `body` (when scan_body) once and
  // fills (*found)[k] with the indexes, in lists[k], of the phrases found,
  // each once, in the order they were found. Returns kNoMatch when the scan
  // completed, kLimit/kError when it was cut short (then *found is partial).
  MatchStatus Scan(std::string_view subject, std::string_view body, bool scan_subject, bool scan_body,
                   MatchScratch* scratch, std::vector<std::vector<size_t>>* found) const;

  size_t lists() const { return list_count_; }

 private:
  PhraseGroup() = default;
  struct Owner {
    size_t list;
    size_t phrase;
  };
  size_t list_count_ = 0;
  std::unique_ptr<PhraseList> merged_;
  std::vector<std::vector<Owner>> owners_;  // by index in merged_
};

}  // namespace ohm

#endif  // OHM_RULES_PHRASE_GROUP_H_
