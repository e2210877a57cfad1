#include "rules/phrase_list.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>

#include "core/ascii.h"

namespace ohm {

namespace {

// Pattern text per regex before a list is split; PCRE2 (link size 2) refuses
// compiled patterns over 64 KiB, and compiled size grows faster than text
// for caseless non-ASCII letters.
constexpr size_t kMaxPatternBytes = 12000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Splits a normalized phrase into regex atoms, one per character: white space
// matches any run of white space, ASCII punctuation is escaped, letters are
// lower-cased (the regex is caseless; this only helps prefixes to be shared).
std::vector<std::string> Atoms(std::string_view phrase) {
  std::vector<std::string> atoms;
  size_t i = 0;
  while (i < phrase.size()) {
    unsigned char c = static_cast<unsigned char>(phrase[i]);
    if (c == ' ') {
      atoms.push_back("\\s+");
      ++i;
    } else if (c < 0x80) {
      if (IsAsciiAlnum(static_cast<char>(c))) {
        atoms.emplace_back(1, AsciiLower(static_cast<char>(c)));
      } else {
        atoms.push_back(std::string("\\") + static_cast<char>(c));
      }
      ++i;
    } else {
      size_t next = NextCharOffset(phrase, i);
      atoms.emplace_back(phrase.substr(i, next - i));
      i = next;
    }
  }
  return atoms;
}

struct TrieNode {
  std::map<std::string, size_t> children;  // atom -> node index; ordered for a stable pattern
  long phrase = -1;                         // phrase index ending here, or -1
};

// Writes the alternation for the subtree at `node`: longer continuations are
// tried before the phrase ending here, which gives leftmost-longest matching.
void WriteNode(const std::vector<TrieNode>& trie, size_t node, std::string* out) {
  const TrieNode& n = trie[node];
  size_t branches = n.children.size() + (n.phrase >= 0 ? 1 : 0);
  if (branches > 1) out->append("(?:");
  bool first = true;
  for (const auto& [atom, child] : n.children) {
    if (!first) out->push_back('|');
    first = false;
    out->append(atom);
    WriteNode(trie, child, out);
  }
  if (n.phrase >= 0) {
    if (!first) out->push_back('|');
    // The mark names the phrase, so one match tells which phrase it was.
    out->append("(?!\\w)(*:" + std::to_string(n.phrase) + ")");
  }
  if (branches > 1) out->push_back(')');
}

// With `marks` false the pattern has no (*MARK) verbs (which Hyperscan does
// not take) and matches the same text.
std::string BuildPattern(const std::vector<Phrase>& phrases, size_t begin, size_t end, bool marks = true) {
  std::vector<TrieNode> trie(1);
  for (size_t i = begin; i < end; ++i) {
    size_t node = 0;
    for (std::string& atom : Atoms(phrases[i].text)) {
      auto it = trie[node].children.find(atom);
      if (it == trie[node].children.end()) {
        trie.emplace_back();
        it = trie[node].children.emplace(std::move(atom), trie.size() - 1).first;
      }
      node = it->second;
    }
    trie[node].phrase = static_cast<long>(i);
  }
  std::string pattern = "(?<!\\w)";
  WriteNode(trie, 0, &pattern);
  if (!marks) {
    // Every phrase end is written as "(?!\w)(*:N)"; drop the marks.
    std::string plain;
    for (size_t i = 0; i < pattern.size();) {
      if (pattern.compare(i, 3, "(*:") == 0) {
        i = pattern.find(')', i) + 1;
        continue;
      }
      plain.push_back(pattern[i++]);
    }
    return plain;
  }
  return pattern;
}

// Compiles phrases [begin, end) into as few regexes as the size limit allows.
bool CompileRange(const std::vector<Phrase>& phrases, size_t begin, size_t end,
                  std::vector<std::unique_ptr<Regex>>* out, std::vector<PrefilterPattern>* plain,
                  std::string* error) {
  std::string pattern = BuildPattern(phrases, begin, end);
  if (pattern.size() <= kMaxPatternBytes || end - begin == 1) {
    std::unique_ptr<Regex> re = Regex::Compile(pattern, "i", error);
    if (re != nullptr) {
      out->push_back(std::move(re));
      plain->push_back({BuildPattern(phrases, begin, end, /*marks=*/false), "i"});
      return true;
    }
    if (end - begin == 1) {
      *error = "phrase '" + phrases[begin].text + "': " + *error;
      return false;
    }
  }
  size_t middle = begin + (end - begin) / 2;
  return CompileRange(phrases, begin, middle, out, plain, error) &&
         CompileRange(phrases, middle, end, out, plain, error);
}

}  // namespace

std::string PhraseKey(std::string_view normalized) {
  return AsciiLowered(normalized);
}

std::string NormalizePhrase(std::string_view words) {
  std::string out;
  bool pending_space = false;
  for (char c : words) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    i = SkipAsciiBlocks(text, i);
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c >> 5) == 0x6) { length = 2; cp = c & 0x1F; }
    else if ((c >> 4) == 0xE) { length = 3; cp = c & 0x0F; }
    else if ((c >> 3) == 0x1E) { length = 4; cp = c & 0x07; }
    else return false;
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t kMinimum[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

std::unique_ptr<PhraseList> PhraseList::Compile(const std::vector<Phrase>& declarations,
                                                std::string* error) {
  std::unique_ptr<PhraseList> list(new PhraseList);
  std::map<std::string, size_t> index_of;  // key -> position in list->phrases_
  for (const Phrase& declared : declarations) {
    std::string text = NormalizePhrase(declared.text);
    if (text.empty()) continue;
    std::string key = PhraseKey(text);
    auto it = index_of.find(key);
    if (it == index_of.end()) {
      index_of.emplace(key, list->phrases_.size());
      list->phrases_.push_back({text, declared.weight});
    } else {
      list->phrases_[it->second].weight = declared.weight;
    }
  }
  list->phrases_.erase(std::remove_if(list->phrases_.begin(), list->phrases_.end(),
                                      [](const Phrase& p) { return p.weight == 0; }),
                       list->phrases_.end());
  // Sorted, phrases sharing a prefix are neighbours, so a split list keeps
  // them in the same regex (and the same longest-match decision).
  std::sort(list->phrases_.begin(), list->phrases_.end(),
            [](const Phrase& a, const Phrase& b) { return PhraseKey(a.text) < PhraseKey(b.text); });
  if (!list->phrases_.empty() &&
      !CompileRange(list->phrases_, 0, list->phrases_.size(), &list->regexes_, &list->plain_patterns_, error)) {
    return nullptr;
  }
  return list;
}

void PhraseList::BuildPrefilter(const PrefilterCache* cache) {
  if (prefilter_ != nullptr || plain_patterns_.empty() || !RegexPrefilter::Available()) return;
  prefilter_ = std::make_unique<RegexPrefilter>(plain_patterns_, cache);
}

MatchStatus PhraseList::Scan(std::string_view text, MatchScratch* scratch, std::vector<bool>* seen,
                             std::vector<size_t>* found) const {
  if (seen->size() < phrases_.size()) seen->resize(phrases_.size(), false);
  std::vector<bool> may_match;
  if (prefilter_ != nullptr) prefilter_->Scan(text, &may_match);
  for (size_t k = 0; k < regexes_.size(); ++k) {
    if (prefilter_ != nullptr && !may_match[k]) continue;  // this regex cannot match the text
    const auto& re = regexes_[k];
    size_t pos = 0;
    for (;;) {
      MatchStatus status = re->Match(text, pos, scratch);
      if (status == MatchStatus::kNoMatch) break;
      if (status != MatchStatus::kMatch) return status;
      std::string_view mark = scratch->mark();
      size_t index = 0;
      auto [ptr, ec] = std::from_chars(mark.data(), mark.data() + mark.size(), index);
      if (ec == std::errc() && index < phrases_.size() && !(*seen)[index]) {
        (*seen)[index] = true;
        found->push_back(index);
      }
      size_t end = scratch->match_end();
      pos = end > scratch->match_begin() ? end : NextCharOffset(text, end);
      if (pos > text.size()) break;
    }
  }
  return MatchStatus::kNoMatch;
}

}  // namespace ohm
