#include "rules/rule_compiler.h"

#include <algorithm>
#include <map>

#include "features/features.h"
#include "rules/compiled_rule_set.h"

namespace ohm {

namespace {

// SpamAssassin's default for a rule without a score line.
constexpr double kDefaultScore = 1.0;

bool IsSubRuleName(std::string_view name) { return name.substr(0, 2) == "__"; }

class Compiler {
 public:
  Compiler(const RuleDefinitions& defs, const RuleOptions& options) : defs_(defs), options_(options) {}

  RuleSet::LoadResult Run() {
    IndexTests();
    IndexParams();
    ApplySettings();
    for (size_t i = 0; i < rules_.size(); ++i) CompileTest(i);
    std::vector<size_t> meta_order = OrderMetas();
    // A faulty test (its parse error is already reported) has no regex or
    // expression to run: past this point every evaluated rule must have one,
    // so a set with a faulty test is never built (a meta reading a faulty meta
    // once read an empty expression here).
    bool any_faulty = std::any_of(tests_.begin(), tests_.end(),
                                  [](const TestDefinition* t) { return t != nullptr && t->faulty; });
    if (!errors_.empty() || any_faulty) return errors_;
    MarkEvaluated();
    std::vector<size_t> order;
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (rules_[i].evaluated && rules_[i].kind != RuleKind::kMeta) order.push_back(i);
    }
    for (size_t i : meta_order) {
      if (rules_[i].evaluated) order.push_back(i);
    }
    return std::make_shared<const CompiledRuleSet>(std::move(rules_), std::move(order),
                                                   std::move(param_values_), std::move(header_targets_),
                                                   options_);
  }

 private:
  void Error(const SourceLocation& where, std::string message) {
    errors_.push_back({where.file, where.line, std::move(message)});
  }

  // Finds the rule a setting names, reporting `directive` for an unknown one.
  std::optional<size_t> RuleNamed(const std::string& name, const SourceLocation& where,
                                  std::string_view directive) {
    auto it = rule_index_.find(name);
    if (it != rule_index_.end()) return it->second;
    Error(where, std::string(directive) + " for undefined rule '" + name + "'");
    return std::nullopt;
  }

  void IndexTests() {
    for (const TestDefinition& test : defs_.tests) {
      auto [it, added] = rule_index_.emplace(test.name, rules_.size());
      if (!added) {
        Error(test.where, "rule '" + test.name + "' already defined at " +
                              tests_[it->second]->where.ToString());
        continue;
      }
      CompiledRule rule;
      rule.name = test.name;
      rule.kind = test.kind;
      rule.source = test.where.ToString();
      rule.sub_rule = IsSubRuleName(test.name);
      rules_.push_back(std::move(rule));
      tests_.push_back(&test);
    }
    explicit_scores_.resize(rules_.size());
    phrase_declarations_.resize(rules_.size());
  }

  void IndexParams() {
    for (const ParamSetting& param : defs_.params) {
      auto [it, added] = param_index_.emplace(param.name, param_values_.size());
      if (!added) {
        param_values_[it->second] = param.value;  // a later param tunes an earlier one
        continue;
      }
      param_values_.push_back(param.value);
      if (rule_index_.count(param.name) != 0) {
        Error(param.where, "param '" + param.name + "' has the same name as a rule");
      } else if (FindFeature(param.name)) {
        Error(param.where, "param '" + param.name + "' has the same name as a feature");
      }
    }
  }

  void ApplySettings() {
    for (const ScoreSetting& s : defs_.scores) {
      if (auto i = RuleNamed(s.name, s.where, "score")) explicit_scores_[*i] = s.value;
    }
    for (const DescribeSetting& s : defs_.descriptions) {
      if (auto i = RuleNamed(s.name, s.where, "describe")) rules_[*i].description = s.text;
    }
    for (const TflagsSetting& s : defs_.tflags) {
      auto i = RuleNamed(s.name, s.where, "tflags");
      if (!i) continue;
      CompiledRule& rule = rules_[*i];
      size_t limit = std::max<size_t>(options_.max_matches_per_rule, 1);
      rule.max_matches = s.multiple ? std::min(s.maxhits.value_or(limit), limit) : 1;
      rule.nosubject = s.nosubject;
    }
    for (const PhraseCapSetting& s : defs_.phrase_caps) {
      auto i = RuleNamed(s.name, s.where, "phrasecap");
      if (!i) continue;
      if (rules_[*i].kind != RuleKind::kPhrases) {
        Error(s.where, "phrasecap for '" + s.name + "', which is not a phrases rule");
        continue;
      }
      rules_[*i].phrase_cap = s.value;
    }
    for (const PhraseDeclaration& p : defs_.phrases) {
      auto it = rule_index_.find(p.list);
      if (it == rule_index_.end()) {
        Error(p.where, "phrase for undefined phrase list '" + p.list + "'");
      } else if (rules_[it->second].kind != RuleKind::kPhrases) {
        Error(p.where, "phrase for '" + p.list + "', which is not a phrases rule");
      } else {
        phrase_declarations_[it->second].push_back({p.words, p.weight});
      }
    }
    for (size_t i = 0; i < rules_.size(); ++i) {
      CompiledRule& rule = rules_[i];
      rule.score = rule.sub_rule ? 0 : explicit_scores_[i].value_or(kDefaultScore);
    }
  }

  size_t HeaderTargetIndex(const HeaderTarget& target) {
    auto it = std::find(header_targets_.begin(), header_targets_.end(), target);
    if (it != header_targets_.end()) return static_cast<size_t>(it - header_targets_.begin());
    header_targets_.push_back(target);
    return header_targets_.size() - 1;
  }

  void CompileTest(size_t index) {
    const TestDefinition& test = *tests_[index];
    CompiledRule& rule = rules_[index];
    if (test.faulty) return;
    switch (test.kind) {
      case RuleKind::kHeader:
        rule.header_target = HeaderTargetIndex({test.header, test.header_raw, test.header_part});
        rule.header_exists = test.header_exists;
        rule.negated = test.negated;
        rule.if_unset = test.if_unset;
        if (rule.negated) rule.max_matches = 1;
        if (!test.header_exists) CompileRegex(test, &rule);
        break;
      case RuleKind::kBody:
      case RuleKind::kRawBody:
      case RuleKind::kUri:
      case RuleKind::kFull:
        rule.needs_content = true;
        CompileRegex(test, &rule);
        break;
      case RuleKind::kMeta:
      case RuleKind::kMetric:
        CompileExpression(test, &rule);
        break;
      case RuleKind::kPhrases: {
        rule.scan_subject = test.scan_subject;
        rule.scan_body = test.scan_body;
        rule.needs_content = test.scan_body;
        std::string error;
        rule.phrases = PhraseList::Compile(phrase_declarations_[index], &error);
        if (rule.phrases == nullptr) Error(test.where, "phrase list '" + test.name + "': " + error);
        break;
      }
    }
  }

  void CompileRegex(const TestDefinition& test, CompiledRule* rule) {
    std::string error;
    rule->regex = Regex::Compile(test.pattern, test.flags, &error);
    rule->pattern = test.pattern;
    rule->flags = test.flags;
    if (rule->regex == nullptr) Error(test.where, "bad regex: " + error);
  }

  // Meta expressions read rules and params; metric expressions read features
  // and params. Keeping the two apart keeps metrics free of rule order.
  void CompileExpression(const TestDefinition& test, CompiledRule* rule) {
    bool meta = test.kind == RuleKind::kMeta;
    OperandResolver resolve = [&](std::string_view name, std::string* why) -> std::optional<Operand> {
      std::string key(name);
      if (auto p = param_index_.find(key); p != param_index_.end()) return Operand{kParamOperand, p->second};
      auto r = rule_index_.find(key);
      if (meta) {
        if (r != rule_index_.end()) return Operand{kRuleOperand, r->second};
        *why = "unknown rule '" + key + "' in meta expression";
        return std::nullopt;
      }
      if (auto f = FindFeature(name)) {
        if (FeatureCatalogue()[*f].needs_content) rule->needs_content = true;
        return Operand{kFeatureOperand, *f};
      }
      *why = r != rule_index_.end()
                 ? "rule '" + key + "' in metric expression (metric rules read features; use a meta)"
                 : "unknown feature '" + key + "' in metric expression";
      return std::nullopt;
    };
    std::string error;
    rule->expression = Expression::Parse(test.expression, resolve, &error);
    if (!rule->expression) Error(test.where, std::string(RuleKindName(test.kind)) + " " + test.name + ": " + error);
  }

  // Returns the metas in an order where each follows every meta it reads;
  // reports each dependency cycle once.
  std::vector<size_t> OrderMetas() {
    std::vector<size_t> order;
    std::vector<int> color(rules_.size(), 0);  // 0 unvisited, 1 on the current path, 2 done
    std::vector<size_t> path;
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (rules_[i].kind == RuleKind::kMeta && color[i] == 0) VisitMeta(i, &color, &path, &order);
    }
    return order;
  }

  void VisitMeta(size_t i, std::vector<int>* color, std::vector<size_t>* path, std::vector<size_t>* order) {
    (*color)[i] = 1;
    path->push_back(i);
    if (rules_[i].expression) {
      for (const Operand& operand : rules_[i].expression->operands()) {
        if (operand.kind != kRuleOperand || rules_[operand.index].kind != RuleKind::kMeta) continue;
        size_t j = operand.index;
        if ((*color)[j] == 1) {
          std::string cycle;
          auto from = std::find(path->begin(), path->end(), j);
          for (auto it = from; it != path->end(); ++it) cycle += rules_[*it].name + " -> ";
          Error(tests_[j]->where, "meta '" + rules_[j].name + "' depends on itself: " + cycle + rules_[j].name);
        } else if ((*color)[j] == 0) {
          VisitMeta(j, color, path, order);
        }
      }
    }
    path->pop_back();
    (*color)[i] = 2;
    order->push_back(i);
  }

  // A rule is evaluated when it can hit (non-zero score, not a sub-rule) or an
  // evaluated meta reads it; everything else costs nothing per message.
  void MarkEvaluated() {
    std::vector<size_t> work;
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (!rules_[i].sub_rule && rules_[i].score != 0) {
        rules_[i].evaluated = true;
        work.push_back(i);
      }
    }
    while (!work.empty()) {
      size_t i = work.back();
      work.pop_back();
      if (rules_[i].kind != RuleKind::kMeta) continue;
      for (const Operand& operand : rules_[i].expression->operands()) {
        if (operand.kind == kRuleOperand && !rules_[operand.index].evaluated) {
          rules_[operand.index].evaluated = true;
          work.push_back(operand.index);
        }
      }
    }
  }

  const RuleDefinitions& defs_;
  const RuleOptions& options_;
  std::vector<RuleLoadError> errors_;
  std::vector<CompiledRule> rules_;
  std::vector<const TestDefinition*> tests_;  // parallel to rules_
  std::map<std::string, size_t> rule_index_;
  std::vector<std::optional<double>> explicit_scores_;
  std::vector<std::vector<Phrase>> phrase_declarations_;
  std::map<std::string, size_t> param_index_;
  std::vector<double> param_values_;
  std::vector<HeaderTarget> header_targets_;
};

}  // namespace

RuleSet::LoadResult CompileRules(const RuleDefinitions& definitions, const RuleOptions& options) {
  Compiler compiler(definitions, options);
  return compiler.Run();
}

}  // namespace ohm
