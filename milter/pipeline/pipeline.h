// The one pipeline shared by the daemon and the CLI: envelope + raw message ->
// parse -> features -> rules -> score -> action. A Pipeline is an immutable
// snapshot of one configuration and its compiled rules; the daemon swaps in a
// new one on reload while messages in flight finish on the old one.
#ifndef OHM_PIPELINE_PIPELINE_H_
#define OHM_PIPELINE_PIPELINE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/envelope.h"
#include "core/raw_message.h"
#include "core/verdict.h"
#include "dkim/dkim_signer.h"
#include "guard/guard_settings.h"
#include "pipeline/scope.h"
#include "rules/rule_set.h"
#include "pipeline/verdict_headers.h"
#include "score/action_policy.h"

namespace ohm {

// Where the time of Evaluate went, added up over calls (`ohm rules profile`).
struct EvaluationProfile {
  size_t messages = 0;
  double parse_seconds = 0;     // MIME, charsets, HTML rendering, links
  double features_seconds = 0;
  double rules_seconds = 0;
  RuleProfile rules;
};

class Pipeline {
 public:
  // Builds a pipeline for `config`: reads and compiles the rule files (embedded
  // or rules.default_dir, then rules.local_dir). Returns
  // nullptr and fills *errors ("file:line: what is wrong") when anything is invalid.
  // With `defer_prefilter`, the rules' Hyperscan prefilter (rules.prefilter),
  // the slow part of loading, is left for WithPrefilter: the daemon starts and
  // reloads on PCRE2 alone, which gives the same verdicts at a higher cost.
  static std::shared_ptr<const Pipeline> Build(const Config& config, std::vector<std::string>* errors,
                                               bool defer_prefilter = false);

  // True when this pipeline was built with `defer_prefilter` and rules.prefilter on.
  bool prefilter_pending() const { return !deferred_rule_sources_.empty(); }
  // The same pipeline (configuration, rule texts as read then, keys, policy)
  // with the rules' prefilter built; takes the time Build saved. Returns
  // nullptr when !prefilter_pending() or when the rules fail to compile again
  // (*error says why). Thread-safe: this pipeline stays usable meanwhile.
  std::shared_ptr<const Pipeline> WithPrefilter(std::string* error) const;

  // The prefilter cache (rules.prefilter_cache) this pipeline's prefilter
  // was built with, whose counts tell what it did; null when none was used.
  const std::shared_ptr<const PrefilterCache>& prefilter_cache() const { return rule_options_.prefilter_cache; }

  const Config& config() const { return config_; }
  const RuleSet& rules() const { return *rules_; }
  // The DKIM signing setup of this configuration (keys loaded); never null,
  // settings().enabled false when signing is off.
  const DkimSigner& dkim() const { return *dkim_; }
  // The volume guard's settings ([guard]), validated; the daemon applies them
  // (the guard keeps state, which an immutable pipeline does not).
  const GuardSettings& guard() const { return guard_; }

  // The collection limits the daemon and CLI apply while reading a message.
  CollectLimits collect_limits() const;

  // Whether the message is outbound (to be checked) or passes untouched.
  ScopeDecision Scope(const Envelope& envelope) const { return DecideScope(config_.scope, envelope); }

  // Scores an in-scope message: parse, features, rules, score, action. Never
  // throws; a malformed message still gets a verdict. Sets elapsed_ms. With
  // `profile`, adds the stages' and each rule's time to it.
  Verdict Evaluate(const Envelope& envelope, const RawMessage& raw, EvaluationProfile* profile = nullptr) const;

  // The verdict headers to add for `verdict` (thresholds of the sender).
  std::vector<HeaderField> VerdictHeadersFor(const Envelope& envelope, const Verdict& verdict) const;

 private:
  Pipeline() = default;
  Config config_;
  std::shared_ptr<const RuleSet> rules_;
  std::shared_ptr<const ActionPolicy> policy_;
  std::shared_ptr<const DkimSigner> dkim_;
  GuardSettings guard_;
  RuleOptions rule_options_;
  std::vector<RuleSource> deferred_rule_sources_;  // kept for WithPrefilter; empty once it is built
};

// The rule hit for a message whose From domain no signing key aligns with
// (DMARC will fail), or nullopt. Its name is DKIM_NO_KEY_FOR_FROM.
std::optional<RuleHit> NoAlignedKeyHit(const DkimSettings& settings, const SigningPlan& plan);

}  // namespace ohm

#endif  // OHM_PIPELINE_PIPELINE_H_
