#include "cli/rule_profile_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "cli/cli_context.h"
#include "rules/regex_prefilter.h"

namespace ohm {

namespace {

// How the rules' prefilter stands for the profile's header line, and where
// it came from: compiled here, or loaded from rules.prefilter_cache.
std::string PrefilterState(const Pipeline& pipeline) {
  if (!pipeline.config().rules.prefilter) return "off (rules.prefilter)";
  if (!RegexPrefilter::Available()) return "not available (no Hyperscan in this build or CPU)";
  const auto& cache = pipeline.prefilter_cache();
  if (cache == nullptr) return "on (Hyperscan, compiled; no rules.prefilter_cache)";
  std::string state = "on (Hyperscan; " + cache->Summary();
  if (cache->counts().refused > 0) state += "; the cache refused: " + cache->problem();
  return state + ")";
}

// Message files named by `paths`: files as given, directories' regular files
// (not recursive), in name order.
std::vector<std::string> MessageFiles(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      if (entry.is_regular_file(ec)) in_dir.push_back(entry.path().string());
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

double PerMessageUs(double seconds, size_t messages) { return messages ? 1e6 * seconds / messages : 0; }

}  // namespace

int RunRuleProfile(const RuleProfileOptions& options, const std::string& config_path) {
  auto pipeline = LoadCliPipeline(config_path, /*many_messages=*/true);
  if (!pipeline) return kExitConfig;
  std::vector<RawMessage> messages;
  size_t bytes = 0;
  for (const std::string& file : MessageFiles(options.paths)) {
    std::string text, error;
    if (!ReadInput(file, &text, &error)) {
      std::fprintf(stderr, "ohm: %s\n", error.c_str());
      continue;
    }
    bytes += text.size();
    messages.push_back(SplitMessage(text, pipeline->collect_limits()));
  }
  if (messages.empty()) {
    std::fprintf(stderr, "ohm: no message to profile\n");
    return kExitNoInput;
  }
  Envelope envelope;
  envelope.client_addr = "127.0.0.1";
  envelope.mail_from = "profile@localhost";
  envelope.rcpt_to = {"profile@localhost"};
  // The first round warms caches and JIT code; it is not counted.
  for (const RawMessage& raw : messages) pipeline->Evaluate(envelope, raw);
  EvaluationProfile profile;
  for (int round = 0; round < std::max(1, options.rounds); ++round) {
    for (const RawMessage& raw : messages) pipeline->Evaluate(envelope, raw, &profile);
  }
  size_t n = profile.messages;
  double total = profile.parse_seconds + profile.features_seconds + profile.rules_seconds;
  std::printf("%zu messages (%zu KB on average), %d rounds: %.1f us per message; prefilter %s\n\n",
              messages.size(), bytes / messages.size() / 1024, std::max(1, options.rounds), PerMessageUs(total, n),
              PrefilterState(*pipeline).c_str());
  std::printf("%-10s %10s %6s\n", "stage", "us/msg", "share");
  auto stage = [&](const char* name, double seconds) {
    std::printf("%-10s %10.1f %5.0f%%\n", name, PerMessageUs(seconds, n), total > 0 ? 100 * seconds / total : 0);
  };
  stage("parse", profile.parse_seconds);
  stage("features", profile.features_seconds);
  stage("rules", profile.rules_seconds);

  const RuleProfile& r = profile.rules;
  std::vector<size_t> order(r.names.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.seconds[a] > r.seconds[b]; });
  double rules_total = std::accumulate(r.seconds.begin(), r.seconds.end(), 0.0);
  std::printf("\n%-28s %-8s %10s %6s %6s\n", "rule", "kind", "us/msg", "share", "hit%");
  for (size_t i = 0; i < order.size() && static_cast<int>(i) < options.top; ++i) {
    size_t k = order[i];
    std::printf("%-28s %-8s %10.2f %5.0f%% %5.0f%%\n", r.names[k].c_str(), r.kinds[k].c_str(),
                PerMessageUs(r.seconds[k], n), rules_total > 0 ? 100 * r.seconds[k] / rules_total : 0,
                n ? 100.0 * static_cast<double>(r.hits[k]) / static_cast<double>(n) : 0);
  }
  std::printf("\nPhrase lists scanning the same text share one scan, charged to the first of them.\n");
  return 0;
}

}  // namespace ohm
