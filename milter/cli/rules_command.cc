#include "cli/rules_command.h"

#include <cstdio>
#include <memory>

#include "cli/cli_context.h"
#include "cli/rule_profile_command.h"
#include "config/embedded_defaults.h"
#include "rules/rule_set.h"

namespace ohm {

namespace {

// Checks the rule files of `dirs` (in order), or, without dirs, those the
// configuration loads. With `with_defaults`, `dirs` are checked on top of the
// configured default rules, the way the daemon loads a local directory, so a
// local file may use and re-score the default rules.
int RunLint(const std::vector<std::string>& dirs, bool with_defaults, const std::string& config_path) {
  std::vector<RuleLoadError> errors;
  std::vector<RuleSource> sources;
  RuleOptions options;
  std::vector<std::string> effective;
  if (dirs.empty() || with_defaults) {
    Config config;
    if (!LoadCliConfig(config_path, &config)) return kExitConfig;
    options.regex_match_limit = config.limits.regex_match_limit;
    if (config.rules.default_dir.empty()) {
      for (const EmbeddedFile& f : EmbeddedRuleFiles()) sources.push_back({std::string(f.name), std::string(f.text)});
    } else {
      effective.push_back(config.rules.default_dir);
    }
    if (dirs.empty() && !config.rules.local_dir.empty()) effective.push_back(config.rules.local_dir);
  }
  effective.insert(effective.end(), dirs.begin(), dirs.end());
  for (const auto& d : effective) {
    auto more = ReadRuleDirectory(d, &errors);
    sources.insert(sources.end(), more.begin(), more.end());
  }
  auto loaded = RuleSet::Load(sources, options);
  if (auto* errs = std::get_if<std::vector<RuleLoadError>>(&loaded)) errors.insert(errors.end(), errs->begin(), errs->end());
  for (const auto& e : errors) std::printf("%s\n", e.ToString().c_str());
  if (errors.empty()) {
    std::fprintf(stderr, "ohm: %zu files, %zu rules, no errors\n", sources.size(),
                 std::get<std::shared_ptr<const RuleSet>>(loaded)->List().size());
    return 0;
  }
  std::fprintf(stderr, "ohm: %zu error(s)\n", errors.size());
  return 1;
}

int RunList(const std::string& config_path) {
  auto pipeline = LoadCliPipeline(config_path);
  if (!pipeline) return kExitConfig;
  std::printf("%-28s %7s  %-8s %-32s %s\n", "rule", "score", "kind", "source", "description");
  for (const RuleInfo& r : pipeline->rules().List()) {
    std::printf("%-28s %7s  %-8s %-32s %s\n", r.name.c_str(), FormatScore(r.score).c_str(), r.kind.c_str(),
                r.source.c_str(), r.description.c_str());
  }
  return 0;
}

}  // namespace

void AddRulesCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  CLI::App* rules = app.add_subcommand("rules", "List or check rule files");
  rules->require_subcommand(1);
  auto dirs = std::make_shared<std::vector<std::string>>();
  CLI::App* lint = rules->add_subcommand(
      "lint", "Check rule files; print each error as file:line: message (exit 0 clean, 1 errors)");
  auto with_defaults = std::make_shared<bool>(false);
  lint->add_option("dir", *dirs, "Rule directories, read in order (default: those of the configuration)");
  lint->add_flag("--with-defaults", *with_defaults,
                 "Check the directories on top of the configured default rules (as a local directory is loaded)");
  lint->callback([dirs, with_defaults, config_path, exit_code] {
    *exit_code = RunLint(*dirs, *with_defaults, *config_path);
  });
  CLI::App* list = rules->add_subcommand("list", "Print every rule with its score, kind, source and description");
  list->callback([config_path, exit_code] { *exit_code = RunList(*config_path); });
  auto profile = std::make_shared<RuleProfileOptions>();
  CLI::App* prof = rules->add_subcommand(
      "profile", "Time the parse, features and each rule over messages (files or directories); slowest rules first");
  prof->add_option("paths", profile->paths, "Message files or directories of them")->required();
  prof->add_option("--rounds", profile->rounds, "Passes over the messages (default 20)")->check(CLI::Range(1, 100000));
  prof->add_option("--top", profile->top, "Rules shown (default 20)")->check(CLI::Range(1, 100000));
  prof->callback([profile, config_path, exit_code] { *exit_code = RunRuleProfile(*profile, *config_path); });
}

}  // namespace ohm
