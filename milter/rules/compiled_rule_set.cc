#include "rules/compiled_rule_set.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace ohm {

namespace {

// Evidence quoted in a hit's detail is kept short: it ends up in logs and headers.
constexpr size_t kMaxRulesInMetaDetail = 3;
constexpr size_t kMaxExcerptBytes = 60;
constexpr size_t kMaxPhrasesInDetail = 5;

enum class State : unsigned char {
  kNotRun,
  kDone,
  kSkipped,  // not judged: content not scanned, regex budget ran out, or a rule it reads was skipped
};

struct Outcome {
  State state = State::kNotRun;
  double value = 0;   // what metas read: match count, phrase weight, or 1/0
  double factor = 1;  // the score is multiplied by this on a hit
  std::string detail;
};

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// Returns text[begin, end) quoted, shortened at a character boundary, with
// control characters and invalid UTF-8 replaced so the detail is safe to log.
std::string Excerpt(std::string_view text, size_t begin, size_t end) {
  std::string out = "\"";
  size_t i = begin;
  while (i < end && i < text.size()) {
    size_t next = std::min(NextCharOffset(text, i), text.size());
    std::string_view ch = text.substr(i, next - i);
    if (out.size() - 1 + ch.size() > kMaxExcerptBytes) {
      out.append("...");
      break;
    }
    unsigned char c = static_cast<unsigned char>(ch[0]);
    if (ch.size() == 1 && (c < 0x20 || c == 0x7f)) {
      out.push_back(' ');
    } else if (ch.size() == 1 && c >= 0x80) {
      out.push_back('?');
    } else if (IsValidUtf8(ch)) {
      out.append(ch);
    } else {
      out.push_back('?');
    }
    i = next;
  }
  out.push_back('"');
  return out;
}

}  // namespace

class CompiledRuleSet::Evaluation {
 public:
  Evaluation(const CompiledRuleSet& set, const ScanInput& input, std::vector<std::string>* notes,
             RuleProfile* profile)
      : set_(set),
        input_(input),
        notes_(notes),
        profile_(profile),
        text_(input.raw, input.parsed, set.header_targets_),
        lease_(set.scratch_pool_.Acquire()),
        scratch_(*lease_.get()),
        outcomes_(set.rules_.size()),
        groups_(set.phrase_groups_.size()),
        passes_(set.prefilters_.size()) {}

  std::vector<RuleHit> Run() {
    std::vector<RuleHit> hits;
    size_t aborted = 0;      // regex rules that hit the match budget (or failed)
    size_t not_run = 0;      // regex rules skipped once the message's budget was spent
    for (size_t position = 0; position < set_.order_.size(); ++position) {
      size_t index = set_.order_[position];
      const CompiledRule& rule = set_.rules_[index];
      Outcome& outcome = outcomes_[index];
      if (rule.needs_content && !input_.content_scanned) {
        outcome.state = State::kSkipped;
        continue;
      }
      // The per-message budget: each aborted match spent a whole per-call
      // budget, so a message crafted against many rules at once would cost
      // (rules x match limit); after max_regex_aborts the remaining regex
      // rules are not run (and metas reading them are skipped as for an abort).
      bool uses_regex = rule.regex != nullptr || rule.phrases != nullptr;
      if (uses_regex && aborted >= set_.options_.max_regex_aborts) {
        outcome.state = State::kSkipped;
        ++not_run;
        continue;
      }
      MatchStatus status;
      if (profile_ == nullptr) {
        status = EvaluateRule(rule, &outcome);
      } else {
        auto start = std::chrono::steady_clock::now();
        status = EvaluateRule(rule, &outcome);
        profile_->seconds[position] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bool judged = status != MatchStatus::kLimit && status != MatchStatus::kError;
        if (judged && outcome.state == State::kDone && outcome.value != 0)
          profile_->hits[position]++;
      }
      if (status == MatchStatus::kLimit || status == MatchStatus::kError) {
        outcome = Outcome();
        outcome.state = State::kSkipped;
        ++aborted;
        if (notes_ != nullptr) {
          notes_->push_back("rule " + rule.name + " aborted: " +
                            (status == MatchStatus::kLimit ? "regex match limit" : "regex error"));
        }
        continue;
      }
      if (outcome.state != State::kDone) continue;
      if (rule.sub_rule || rule.score == 0 || outcome.value == 0) continue;
      hits.push_back({rule.name, rule.score * outcome.factor, rule.description, outcome.detail});
    }
    if (not_run > 0 && notes_ != nullptr) {
      notes_->push_back("regex budget of the message spent (" + std::to_string(aborted) +
                        " aborted matches): " + std::to_string(not_run) + " regex rules not run");
    }
    return hits;
  }

 private:
  // Fills `outcome` (state kDone, or kSkipped when a rule it reads was not
  // judged); returns kLimit/kError when a regex could not finish.
  MatchStatus EvaluateRule(const CompiledRule& rule, Outcome* outcome) {
    outcome->state = State::kDone;
    switch (rule.kind) {
      case RuleKind::kHeader: return EvaluateHeader(rule, outcome);
      case RuleKind::kBody: {
        std::string_view text = rule.nosubject ? text_.BodyWithoutSubject() : text_.Body();
        bool plain = rule.nosubject ? text_.BodyWithoutSubjectReadAsPlain() : text_.BodyReadAsPlain();
        size_t start = 0;
        bool may_match = MayMatch(rule, text, &start);
        return CountMatches(rule, text, "", may_match, outcome, plain, start);
      }
      case RuleKind::kRawBody: return CountMatches(rule, text_.RawBody(), "", true, outcome);
      case RuleKind::kFull: return CountMatches(rule, text_.Full(), "", true, outcome);
      case RuleKind::kUri: return EvaluateUri(rule, outcome);
      case RuleKind::kMeta:
      case RuleKind::kMetric: EvaluateExpression(rule, outcome); return MatchStatus::kNoMatch;
      case RuleKind::kPhrases: return EvaluatePhrases(rule, outcome);
    }
    return MatchStatus::kNoMatch;
  }

  // The prefilter's answer for a rule over `text`, the text its pass scans
  // (true for a rule it does not cover), and in *start where in `text` a
  // match can begin at the earliest (0 when the pass cannot tell); the pass
  // runs once, for the first rule that asks.
  bool MayMatch(const CompiledRule& rule, std::string_view text, size_t* start) {
    *start = 0;
    if (rule.prefilter_text < 0) return true;
    PrefilterPass& pass = passes_[rule.prefilter_text];
    if (!pass.done) {
      set_.prefilters_[rule.prefilter_text]->Scan(text, &pass.may_match, &pass.starts);
      pass.done = true;
    }
    *start = pass.starts[rule.prefilter_slot];
    return pass.may_match[rule.prefilter_slot];
  }

  // Counts matches of the rule's regex in `text`, up to rule.max_matches; a
  // rule the prefilter ruled out (`may_match` false) counts none without
  // running its regex, and ends exactly as a run that found none. The search
  // begins at `start`, before which the prefilter knows there is no match
  // (the text before it is still there for lookbehinds). When the text was
  // read as plain (styled or look-alike letters replaced), the quote says so:
  // it is not what the message shows.
  MatchStatus CountMatches(const CompiledRule& rule, std::string_view text, std::string_view label, bool may_match,
                           Outcome* outcome, bool read_as_plain = false, size_t start = 0) {
    size_t count = 0;
    size_t pos = start;
    while (may_match && count < rule.max_matches && pos <= text.size()) {
      MatchStatus status = rule.regex->Match(text, pos, &scratch_);
      if (status == MatchStatus::kNoMatch) break;
      if (status != MatchStatus::kMatch) return status;
      size_t begin = scratch_.match_begin(), end = scratch_.match_end();
      if (count == 0) outcome->detail = std::string(label) + Excerpt(text, begin, end);
      ++count;
      pos = end > begin ? end : NextCharOffset(text, end);
    }
    if (count > 1) outcome->detail += " (" + std::to_string(count) + " matches)";
    if (count > 0 && read_as_plain) outcome->detail += " (letters read as plain)";
    if (rule.negated) {
      outcome->value = count == 0 ? 1 : 0;
      outcome->detail.clear();
    } else {
      outcome->value = static_cast<double>(count);
      outcome->factor = static_cast<double>(count);
    }
    return MatchStatus::kNoMatch;
  }

  MatchStatus EvaluateHeader(const CompiledRule& rule, Outcome* outcome) {
    const HeaderTarget& target = set_.header_targets_[rule.header_target];
    if (rule.header_exists) {
      outcome->value = HasHeader(input_.raw, target.name) ? 1 : 0;
      return MatchStatus::kNoMatch;
    }
    const std::string* value = text_.HeaderValue(rule.header_target);
    // The prefilter scanned the field's value; a rule's if-unset text it never saw.
    if (value == nullptr) {
      static const std::string kEmpty;
      return CountMatches(rule, rule.if_unset ? *rule.if_unset : kEmpty, target.name + ": ", true, outcome);
    }
    size_t start = 0;
    bool may_match = MayMatch(rule, *value, &start);
    return CountMatches(rule, *value, target.name + ": ", may_match, outcome,
                        text_.HeaderValueReadAsPlain(rule.header_target), start);
  }

  // Each link counts once, however often the regex matches its href.
  MatchStatus EvaluateUri(const CompiledRule& rule, Outcome* outcome) {
    size_t count = 0;
    for (const Link& link : input_.parsed.links) {
      if (count >= rule.max_matches) break;
      MatchStatus status = rule.regex->Match(link.href, 0, &scratch_);
      if (status == MatchStatus::kNoMatch) continue;
      if (status != MatchStatus::kMatch) return status;
      if (count == 0) outcome->detail = Excerpt(link.href, 0, link.href.size());
      ++count;
    }
    if (count > 1) outcome->detail += " (" + std::to_string(count) + " links)";
    outcome->value = static_cast<double>(count);
    outcome->factor = static_cast<double>(count);
    return MatchStatus::kNoMatch;
  }

  void EvaluateExpression(const CompiledRule& rule, Outcome* outcome) {
    for (const Operand& operand : rule.expression->operands()) {
      if (operand.kind == kRuleOperand && outcomes_[operand.index].state != State::kDone) {
        outcome->state = State::kSkipped;
        return;
      }
    }
    double result = rule.expression->Evaluate([this](const Operand& operand) {
      switch (operand.kind) {
        case kRuleOperand: return outcomes_[operand.index].value;
        case kParamOperand: return set_.params_[operand.index];
        default: return input_.features.Get(operand.index);
      }
    });
    outcome->value = result != 0 ? 1 : 0;
    if (result == 0) return;  // the detail is only read for a hit; formatting it costs
    // The evidence: the measured features it read, and what the rules it
    // read that hold found (a meta over sub-rules, such as a brand name in
    // From, would otherwise say nothing about which of them hit).
    std::string detail;
    size_t quoted_rules = 0;
    for (size_t i = 0; i < rule.expression->operands().size(); ++i) {
      const Operand& operand = rule.expression->operands()[i];
      std::string item;
      if (operand.kind == kFeatureOperand) {
        item = rule.expression->identifiers()[i] + "=" + FormatNumber(input_.features.Get(operand.index));
        std::string_view evidence = input_.features.Evidence(operand.index);
        if (!evidence.empty()) item += ": " + Excerpt(evidence, 0, evidence.size());
      } else if (operand.kind == kRuleOperand && outcomes_[operand.index].value != 0 &&
                 quoted_rules < kMaxRulesInMetaDetail) {
        item = outcomes_[operand.index].detail;
        if (!item.empty()) ++quoted_rules;
      }
      if (item.empty() || detail.find(item) != std::string::npos) continue;
      if (!detail.empty()) detail += ", ";
      detail += item;
    }
    outcome->detail = std::move(detail);
  }

  MatchStatus EvaluatePhrases(const CompiledRule& rule, Outcome* outcome) {
    std::vector<size_t> found;
    if (rule.phrase_group >= 0) {
      GroupScan& scan = groups_[rule.phrase_group];
      if (!scan.done) {
        const PhraseGroupEntry& entry = set_.phrase_groups_[rule.phrase_group];
        scan.status = entry.group->Scan(text_.Subject(), text_.BodyWithoutSubject(), entry.scan_subject,
                                        entry.scan_body, &scratch_, &scan.found);
        scan.done = true;
      }
      if (scan.status != MatchStatus::kNoMatch) return scan.status;
      found = scan.found[rule.phrase_slot];
    } else {
      MatchStatus status = ScanPhrasesAlone(rule, &found);
      if (status != MatchStatus::kNoMatch) return status;
    }
    return WeighPhrases(rule, found, outcome);
  }

  MatchStatus ScanPhrasesAlone(const CompiledRule& rule, std::vector<size_t>* found) {
    std::vector<bool> seen;
    if (rule.scan_subject) {
      MatchStatus status = rule.phrases->Scan(text_.Subject(), &scratch_, &seen, found);
      if (status != MatchStatus::kNoMatch) return status;
    }
    if (rule.scan_body) {
      MatchStatus status = rule.phrases->Scan(text_.BodyWithoutSubject(), &scratch_, &seen, found);
      if (status != MatchStatus::kNoMatch) return status;
    }
    return MatchStatus::kNoMatch;
  }

  MatchStatus WeighPhrases(const CompiledRule& rule, const std::vector<size_t>& found, Outcome* outcome) {
    double weight = 0;
    std::string detail;
    for (size_t k = 0; k < found.size(); ++k) {
      const Phrase& phrase = rule.phrases->phrase(found[k]);
      weight += phrase.weight;
      if (k < kMaxPhrasesInDetail) {
        if (k > 0) detail += ", ";
        detail += Excerpt(phrase.text, 0, phrase.text.size());
      }
    }
    if (found.size() > kMaxPhrasesInDetail) {
      detail += " and " + std::to_string(found.size() - kMaxPhrasesInDetail) + " more";
    }
    bool capped = rule.phrase_cap > 0 && weight > rule.phrase_cap;
    if (capped) weight = rule.phrase_cap;
    if (!found.empty()) {
      detail += " (weight " + FormatNumber(weight) + (capped ? ", capped)" : ")");
    }
    outcome->value = weight;
    outcome->factor = weight;
    outcome->detail = std::move(detail);
    return MatchStatus::kNoMatch;
  }

  const CompiledRuleSet& set_;
  const ScanInput& input_;
  std::vector<std::string>* notes_;
  RuleProfile* profile_;
  // The one scan of a phrase group, made when its first rule is evaluated.
  struct GroupScan {
    bool done = false;
    MatchStatus status = MatchStatus::kNoMatch;
    std::vector<std::vector<size_t>> found;  // by slot
  };

  MessageText text_;
  MatchScratchPool::Lease lease_;
  MatchScratch& scratch_;
  std::vector<Outcome> outcomes_;
  std::vector<GroupScan> groups_;
  struct PrefilterPass {
    bool done = false;
    std::vector<bool> may_match;  // by slot
    std::vector<size_t> starts;   // by slot: where a match can begin at the earliest
  };
  std::vector<PrefilterPass> passes_;  // by PrefilterText, like the set's prefilters_
};

CompiledRuleSet::CompiledRuleSet(std::vector<CompiledRule> rules, std::vector<size_t> order,
                                 std::vector<double> params, std::vector<HeaderTarget> header_targets,
                                 const RuleOptions& options)
    : rules_(std::move(rules)),
      order_(std::move(order)),
      params_(std::move(params)),
      header_targets_(std::move(header_targets)),
      options_(options),
      scratch_pool_(RegexLimits{options.regex_match_limit, options.regex_depth_limit}) {
  reads_content_ =
      std::any_of(order_.begin(), order_.end(), [this](size_t i) { return rules_[i].needs_content; });
  GroupPhraseRules();
  BuildPrefilters();
}

void CompiledRuleSet::BuildPrefilters() {
  if (!options_.prefilter || !RegexPrefilter::Available()) return;
  const size_t texts = kHeaderTexts + header_targets_.size();
  std::vector<std::vector<PrefilterPattern>> patterns(texts);
  std::vector<std::vector<size_t>> members(texts);
  for (size_t index : order_) {
    CompiledRule& rule = rules_[index];
    if (rule.regex == nullptr) continue;
    size_t text;
    if (rule.kind == RuleKind::kBody) {
      text = rule.nosubject ? kBodyTextWithoutSubject : kBodyText;
    } else if (rule.kind == RuleKind::kHeader && !rule.header_exists) {
      text = kHeaderTexts + rule.header_target;
    } else {
      continue;
    }
    patterns[text].push_back({rule.pattern, rule.flags});
    members[text].push_back(index);
  }
  prefilters_.resize(texts);
  for (size_t text = 0; text < texts; ++text) {
    // A pass over a single rule spares at most that one PCRE2 run per
    // message, a few microseconds, while Hyperscan's compile of one large
    // pattern can take most of a second at every load (the default rules'
    // only subject-less body rule, GREETING_IMPERSONAL, took 0.7 s). Phrase
    // lists are the other way round: their few regexes carry hundreds of
    // alternatives and PhraseList builds its own pass even for one of them.
    if (patterns[text].size() < 2) continue;
    auto prefilter = std::make_unique<RegexPrefilter>(patterns[text], options_.prefilter_cache.get());
    if (prefilter->covered_count() == 0) continue;
    for (size_t slot = 0; slot < members[text].size(); ++slot) {
      if (!prefilter->covers(slot)) continue;
      rules_[members[text][slot]].prefilter_text = static_cast<int>(text);
      rules_[members[text][slot]].prefilter_slot = slot;
    }
    prefilters_[text] = std::move(prefilter);
  }
}

void CompiledRuleSet::GroupPhraseRules() {
  // Group the evaluated phrase rules by the texts they scan.
  for (bool subject : {false, true}) {
    for (bool body : {false, true}) {
      std::vector<size_t> members;
      for (size_t index : order_) {
        const CompiledRule& rule = rules_[index];
        if (rule.kind == RuleKind::kPhrases && rule.phrases != nullptr && rule.scan_subject == subject &&
            rule.scan_body == body)
          members.push_back(index);
      }
      if (members.size() < 2) continue;
      std::vector<const PhraseList*> lists;
      for (size_t index : members) lists.push_back(rules_[index].phrases.get());
      std::string error;
      std::unique_ptr<PhraseGroup> group = PhraseGroup::Build(lists, &error, options_.prefilter, options_.prefilter_cache.get());
      if (group == nullptr) continue;  // each list keeps scanning on its own
      for (size_t slot = 0; slot < members.size(); ++slot) {
        rules_[members[slot]].phrase_group = static_cast<int>(phrase_groups_.size());
        rules_[members[slot]].phrase_slot = slot;
      }
      phrase_groups_.push_back({std::move(group), subject, body});
    }
  }
  // Lists scanned on their own get their prefilter; grouped ones are scanned
  // through their group's merged list, which has its own.
  if (!options_.prefilter) return;
  for (size_t index : order_) {
    CompiledRule& rule = rules_[index];
    if (rule.kind == RuleKind::kPhrases && rule.phrases != nullptr && rule.phrase_group < 0)
      rule.phrases->BuildPrefilter(options_.prefilter_cache.get());
  }
}

std::vector<RuleHit> CompiledRuleSet::DoEvaluate(const ScanInput& input, std::vector<std::string>* notes,
                                                 RuleProfile* profile) const {
  if (profile != nullptr && profile->names.size() != order_.size()) {
    *profile = RuleProfile();
    for (size_t index : order_) {
      profile->names.push_back(rules_[index].name);
      profile->kinds.push_back(std::string(RuleKindName(rules_[index].kind)));
    }
    profile->seconds.assign(order_.size(), 0);
    profile->hits.assign(order_.size(), 0);
  }
  Evaluation evaluation(*this, input, notes, profile);
  return evaluation.Run();
}

std::vector<RuleInfo> CompiledRuleSet::DoList() const {
  std::vector<RuleInfo> list;
  list.reserve(rules_.size());
  for (const CompiledRule& rule : rules_) {
    list.push_back({rule.name, std::string(RuleKindName(rule.kind)), rule.score, rule.description,
                    rule.source});
  }
  std::sort(list.begin(), list.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.name < b.name; });
  return list;
}

}  // namespace ohm
