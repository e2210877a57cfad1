#include "pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "config/embedded_defaults.h"
#include "features/features.h"
#include "parse/mime_parser.h"

namespace ohm {

namespace {

std::vector<RuleSource> RuleSourcesFor(const RuleSettings& settings, std::vector<RuleLoadError>* errors) {
  std::vector<RuleSource> sources;
  if (settings.default_dir.empty()) {
    for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
      sources.push_back({std::string(f.name), std::string(f.text)});
    }
  } else {
    sources = ReadRuleDirectory(settings.default_dir, errors);
  }
  if (!settings.local_dir.empty()) {
    auto local = ReadRuleDirectory(settings.local_dir, errors);
    sources.insert(sources.end(), std::make_move_iterator(local.begin()), std::make_move_iterator(local.end()));
  }
  return sources;
}

// The cache rules.prefilter_cache names, or null for "". Each build gets an
// object of its own, so that its counts tell about that build only.
std::shared_ptr<const PrefilterCache> PrefilterCacheFor(const RuleSettings& rules) {
  if (rules.prefilter_cache.empty()) return nullptr;
  return std::make_shared<const PrefilterCache>(rules.prefilter_cache);
}

}  // namespace

std::shared_ptr<const Pipeline> Pipeline::Build(const Config& config, std::vector<std::string>* errors,
                                                bool defer_prefilter) {
  std::shared_ptr<Pipeline> p(new Pipeline());
  p->config_ = config;
  std::vector<RuleLoadError> rule_errors;
  std::vector<RuleSource> sources = RuleSourcesFor(config.rules, &rule_errors);
  RuleOptions options;
  options.regex_match_limit = config.limits.regex_match_limit;
  options.max_regex_aborts = config.limits.regex_aborts_per_message;
  options.prefilter = config.rules.prefilter && !defer_prefilter;
  if (options.prefilter) options.prefilter_cache = PrefilterCacheFor(config.rules);
  p->rule_options_ = options;
  auto loaded = RuleSet::Load(sources, options);
  if (auto* errs = std::get_if<std::vector<RuleLoadError>>(&loaded)) {
    rule_errors.insert(rule_errors.end(), errs->begin(), errs->end());
  } else {
    p->rules_ = std::get<std::shared_ptr<const RuleSet>>(loaded);
  }
  for (const auto& e : rule_errors) errors->push_back(e.ToString());
  p->policy_ = std::make_shared<const ActionPolicy>(config.actions, config.overrides);
  DkimSettings dkim_settings;
  if (ParseDkimSettings(config.dkim.get(), config.source, &dkim_settings, errors)) {
    KeyLoadOptions key_options;
    key_options.require_safe_keys = dkim_settings.require_safe_keys;
    key_options.min_rsa_bits = dkim_settings.min_rsa_bits;
    key_options.allowed_owners = AllowedKeyOwners(config.milter.user);
    p->dkim_ = DkimSigner::Build(dkim_settings, key_options, errors);
  }
  ParseGuardSettings(config.guard.get(), config.source, &p->guard_, errors);
  if (!errors->empty() || !p->rules_ || !p->dkim_) return nullptr;
  if (defer_prefilter && config.rules.prefilter) p->deferred_rule_sources_ = std::move(sources);
  return p;
}

std::shared_ptr<const Pipeline> Pipeline::WithPrefilter(std::string* error) const {
  if (!prefilter_pending()) return nullptr;
  RuleOptions options = rule_options_;
  options.prefilter = true;
  options.prefilter_cache = PrefilterCacheFor(config_.rules);
  auto loaded = RuleSet::Load(deferred_rule_sources_, options);
  if (auto* errs = std::get_if<std::vector<RuleLoadError>>(&loaded)) {
    *error = errs->empty() ? "rules failed to compile" : errs->front().ToString();
    return nullptr;
  }
  std::shared_ptr<Pipeline> p(new Pipeline());
  p->config_ = config_;
  p->rules_ = std::get<std::shared_ptr<const RuleSet>>(loaded);
  p->policy_ = policy_;
  p->dkim_ = dkim_;
  p->guard_ = guard_;
  p->rule_options_ = options;
  return p;
}

CollectLimits Pipeline::collect_limits() const {
  CollectLimits l;
  l.max_body_bytes = config_.limits.max_body_bytes;
  l.max_headers = config_.limits.max_headers;
  l.max_header_bytes = config_.limits.max_header_bytes;
  return l;
}

Verdict Pipeline::Evaluate(const Envelope& envelope, const RawMessage& raw, EvaluationProfile* profile) const {
  auto start = std::chrono::steady_clock::now();
  Verdict v;
  v.in_scope = true;
  v.scope_reason = Scope(envelope).reason;

  bool content_scanned = true;
  if (raw.body_truncated) {
    v.notes.push_back("body over scan limit (" + std::to_string(raw.body_bytes_seen) + " > " +
                      std::to_string(config_.limits.max_body_bytes) + " bytes): its first " +
                      std::to_string(raw.body_prefix_bytes) + " bytes scanned, MIME structure beyond" +
                      (raw.structure_tail.cut()
                           ? " (its first " + std::to_string(raw.structure_tail.kept()) + " bytes; the rest not kept)"
                           : ""));
  }
  if (raw.headers_dropped > 0) {
    v.notes.push_back(std::to_string(raw.headers_dropped) + " header fields over the limit of " +
                      std::to_string(config_.limits.max_headers) + " not scanned");
  }
  if (raw.headers_cut > 0) {
    v.notes.push_back(std::to_string(raw.headers_cut) + " header values cut at " +
                      std::to_string(config_.limits.max_header_bytes) + " bytes");
  }

  ParseLimits limits;
  limits.max_mime_depth = config_.limits.max_mime_depth;
  limits.max_html_depth = config_.limits.max_html_depth;
  limits.max_mime_parts = config_.limits.max_mime_parts;
  limits.max_decoded_bytes = config_.limits.max_decoded_bytes;
  limits.max_links = config_.limits.max_links;
  auto lap = std::chrono::steady_clock::now();
  // Adds the time since the last lap to `*stage` when profiling.
  auto clock_into = [&](double EvaluationProfile::*stage) {
    if (profile == nullptr) return;
    auto now = std::chrono::steady_clock::now();
    profile->*stage += std::chrono::duration<double>(now - lap).count();
    lap = now;
  };
  ParsedMessage parsed;
  auto header_section = [&raw] {
    RawMessage headers_only;
    headers_only.headers = raw.headers;
    return headers_only;
  };
  // With no rule reading the body (a signing-only setup), parsing it would be
  // most of the scan's cost for nothing: only the header section is parsed.
  content_scanned = rules_->ReadsContent();
  // ParseMessage is written not to throw; if a bug in it ever does, the
  // message is still scored on its headers and passed on, and the daemon
  // (which has no handler above this) does not stop for every sender.
  try {
    parsed = content_scanned ? ParseMessage(raw, limits) : ParseMessage(header_section(), limits);
  } catch (const std::exception& e) {
    v.notes.push_back(std::string("message could not be parsed (") + e.what() + "): content checks skipped");
    content_scanned = false;
    parsed = ParseMessage(header_section(), limits);
  }
  for (const auto& l : parsed.limits_hit) v.notes.push_back(l);

  clock_into(&EvaluationProfile::parse_seconds);
  Features features = ComputeFeatures(envelope, raw, parsed, content_scanned);
  clock_into(&EvaluationProfile::features_seconds);
  ScanInput input{envelope, raw, parsed, features, content_scanned};
  v.hits = rules_->Evaluate(input, &v.notes, profile != nullptr ? &profile->rules : nullptr);
  clock_into(&EvaluationProfile::rules_seconds);
  if (profile != nullptr) profile->messages++;
  if (dkim_->settings().enabled) {
    if (auto hit = NoAlignedKeyHit(dkim_->settings(), dkim_->Plan(envelope.mail_from, raw.Find("From"))))
      v.hits.push_back(*hit);
  }
  std::stable_sort(v.hits.begin(), v.hits.end(), [](const RuleHit& a, const RuleHit& b) {
    return a.score != b.score ? a.score > b.score : a.name < b.name;
  });
  v.score = 0;
  for (const RuleHit& h : v.hits) v.score += h.score;
  policy_->Decide(envelope.mail_from, &v);
  v.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return v;
}

std::optional<RuleHit> NoAlignedKeyHit(const DkimSettings& settings, const SigningPlan& plan) {
  if (plan.from_domain.empty()) return std::nullopt;  // no From address: other rules speak of that
  if (plan.sign() && plan.aligned) return std::nullopt;
  RuleHit hit;
  hit.name = "DKIM_NO_KEY_FOR_FROM";
  hit.score = settings.no_key_score;
  hit.description = "From domain has no DKIM key: DMARC alignment will fail";
  hit.detail = plan.sign() ? plan.from_domain + " (signed only by an unaligned domain)" : plan.from_domain;
  return hit;
}

std::vector<HeaderField> Pipeline::VerdictHeadersFor(const Envelope& envelope, const Verdict& verdict) const {
  return VerdictHeaders(config_.headers, policy_->ThresholdsFor(envelope.mail_from), verdict);
}

}  // namespace ohm
