// The RuleSet that Load builds: every rule compiled (regexes, expressions,
// phrase lists), cross-references resolved to indexes, and the evaluation
// order fixed, so that evaluating a message only reads shared state.
#ifndef OHM_RULES_COMPILED_RULE_SET_H_
#define OHM_RULES_COMPILED_RULE_SET_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/regex_prefilter.h"
#include "rules/expression.h"
#include "rules/message_text.h"
#include "rules/phrase_group.h"
#include "rules/phrase_list.h"
#include "rules/regex.h"
#include "rules/rule_parser.h"
#include "rules/match_scratch_pool.h"
#include "rules/rule_set.h"

namespace ohm {

// Operand kinds in meta and metric expressions.
enum OperandKind : int { kRuleOperand = 0, kParamOperand = 1, kFeatureOperand = 2 };

struct CompiledRule {
  std::string name;
  RuleKind kind = RuleKind::kBody;
  std::string source;        // "file:line"
  double score = 0;          // effective: 0 for "__" sub-rules
  std::string description;
  bool sub_rule = false;     // name starts with "__": never a hit itself
  bool evaluated = false;    // scored, or read by an evaluated meta
  bool needs_content = false;  // skipped when the body was not scanned

  size_t max_matches = 1;    // 1 unless tflags multiple
  bool nosubject = false;

  size_t header_target = 0;  // header rules: index into CompiledRuleSet header targets
  bool header_exists = false;
  bool negated = false;
  std::optional<std::string> if_unset;

  std::unique_ptr<Regex> regex;
  std::string pattern;       // regex rules: the pattern and flags as written, for the prefilter
  std::string flags;
  int prefilter_text = -1;   // regex rules in a prefilter pass: which text's (see CompiledRuleSet), else -1
  size_t prefilter_slot = 0; // this rule's pattern in that pass
  std::optional<Expression> expression;

  std::unique_ptr<PhraseList> phrases;
  bool scan_subject = false;
  bool scan_body = false;
  double phrase_cap = 0;     // 0: uncapped
  int phrase_group = -1;     // index into the rule set's phrase groups; -1: scanned on its own
  size_t phrase_slot = 0;    // this rule's list within its group
};

class CompiledRuleSet : public RuleSet {
 public:
  // `order` lists the indexes of rules to evaluate: tests first, then metas,
  // each meta after every rule it reads.
  CompiledRuleSet(std::vector<CompiledRule> rules, std::vector<size_t> order,
                  std::vector<double> params, std::vector<HeaderTarget> header_targets,
                  const RuleOptions& options);

 protected:
  std::vector<RuleHit> DoEvaluate(const ScanInput& input, std::vector<std::string>* notes,
                                  RuleProfile* profile) const override;
  std::vector<RuleInfo> DoList() const override;
  bool DoReadsContent() const override { return reads_content_; }

 private:
  class Evaluation;  // the state of evaluating one message

  // Phrase rules evaluated for a message and scanning the same texts.
  struct PhraseGroupEntry {
    std::unique_ptr<PhraseGroup> group;
    bool scan_subject = false;
    bool scan_body = false;
  };
  void GroupPhraseRules();
  void BuildPrefilters();

  // The texts regex rules read, each with its own prefilter pass: the body
  // with and without the subject, then each header target (kHeaderTexts + its
  // index in header_targets_).
  enum PrefilterText : size_t { kBodyText = 0, kBodyTextWithoutSubject = 1, kHeaderTexts = 2 };

  std::vector<CompiledRule> rules_;
  std::vector<PhraseGroupEntry> phrase_groups_;
  std::vector<size_t> order_;
  std::vector<double> params_;
  std::vector<HeaderTarget> header_targets_;
  RuleOptions options_;
  bool reads_content_ = false;  // an evaluated rule reads the body: fixed once compiled
  std::vector<std::unique_ptr<RegexPrefilter>> prefilters_;  // by PrefilterText; null where no pass is built
  // Match state reused across messages; the pool is thread-safe, so a const
  // rule set shared by every connection may hand it out.
  mutable MatchScratchPool scratch_pool_;
};

}  // namespace ohm

#endif  // OHM_RULES_COMPILED_RULE_SET_H_
