#include "rules/phrase_group.h"

#include <unordered_map>

namespace ohm {

std::unique_ptr<PhraseGroup> PhraseGroup::Build(const std::vector<const PhraseList*>& lists, std::string* error,
                                                bool prefilter, const PrefilterCache* cache) {
  std::unique_ptr<PhraseGroup> group(new PhraseGroup());
  group->list_count_ = lists.size();
  std::unordered_map<std::string, std::vector<Owner>> owners;
  std::vector<Phrase> declarations;
  for (size_t k = 0; k < lists.size(); ++k) {
    for (size_t i = 0; i < lists[k]->size(); ++i) {
      const std::string& text = lists[k]->phrase(i).text;
      auto [it, added] = owners.try_emplace(PhraseKey(text));
      if (added) declarations.push_back({text, 1.0});  // weights stay with the lists
      it->second.push_back({k, i});
    }
  }
  group->merged_ = PhraseList::Compile(declarations, error);
  if (group->merged_ == nullptr) return nullptr;
  if (prefilter) group->merged_->BuildPrefilter(cache);
  group->owners_.resize(group->merged_->size());
  for (size_t j = 0; j < group->merged_->size(); ++j) {
    auto it = owners.find(PhraseKey(group->merged_->phrase(j).text));
    if (it == owners.end()) {
      *error = "merged phrase '" + group->merged_->phrase(j).text + "' has no list";
      return nullptr;
    }
    group->owners_[j] = it->second;
  }
  return group;
}

MatchStatus PhraseGroup::Scan(std::string_view subject, std::string_view body, bool scan_subject, bool scan_body,
                              MatchScratch* scratch, std::vector<std::vector<size_t>>* found) const {
  found->assign(list_count_, {});
  std::vector<bool> seen;
  std::vector<size_t> merged_found;
  MatchStatus status = MatchStatus::kNoMatch;
  if (scan_subject) status = merged_->Scan(subject, scratch, &seen, &merged_found);
  if (status == MatchStatus::kNoMatch && scan_body) status = merged_->Scan(body, scratch, &seen, &merged_found);
  for (size_t j : merged_found) {
    for (const Owner& o : owners_[j]) (*found)[o.list].push_back(o.phrase);
  }
  return status;
}

}  // namespace ohm
