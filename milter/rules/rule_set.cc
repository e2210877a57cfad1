#include "rules/rule_set.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

#include "rules/rule_compiler.h"
#include "rules/rule_parser.h"

namespace ohm {

namespace {

// Rule files are a few hundred KiB at most; anything far larger is a mistake
// (a log file in the rules directory) and must not be slurped.
constexpr std::uintmax_t kMaxRuleFileBytes = 16 * 1024 * 1024;

}  // namespace

std::string RuleLoadError::ToString() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

RuleSet::LoadResult RuleSet::Load(const std::vector<RuleSource>& sources, const RuleOptions& options) {
  RuleDefinitions definitions;
  std::vector<RuleLoadError> errors;
  for (const RuleSource& source : sources) ParseRuleSource(source, &definitions, &errors);
  LoadResult compiled = CompileRules(definitions, options);
  if (errors.empty()) return compiled;
  if (auto* more = std::get_if<std::vector<RuleLoadError>>(&compiled)) {
    errors.insert(errors.end(), more->begin(), more->end());
  }
  // Report in reading order: by source, then line.
  std::map<std::string, size_t> source_rank;
  for (size_t i = 0; i < sources.size(); ++i) source_rank.emplace(sources[i].name, i);
  std::stable_sort(errors.begin(), errors.end(), [&](const RuleLoadError& a, const RuleLoadError& b) {
    size_t ra = source_rank[a.file], rb = source_rank[b.file];
    return ra != rb ? ra < rb : a.line < b.line;
  });
  return errors;
}

std::vector<RuleHit> RuleSet::Evaluate(const ScanInput& input, std::vector<std::string>* notes,
                                       RuleProfile* profile) const {
  return DoEvaluate(input, notes, profile);
}

std::vector<RuleInfo> RuleSet::List() const { return DoList(); }

std::vector<RuleSource> ReadRuleDirectory(const std::string& dir, std::vector<RuleLoadError>* errors) {
  namespace fs = std::filesystem;
  std::vector<RuleSource> sources;
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors->push_back({dir, 0, "cannot read rule directory: " + ec.message()});
    return sources;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::path& path = it->path();
    if (path.extension() != ".cf") continue;
    std::error_code type_ec;
    if (!fs::is_regular_file(path, type_ec)) continue;  // directories, sockets, dangling links
    files.push_back(path);
  }
  if (ec) errors->push_back({dir, 0, "cannot read rule directory: " + ec.message()});
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
  // A rule file read through a symlink must still lie inside the configured
  // directory: rules are read as root before the daemon drops privileges, and
  // the error for a line that is not a rule quotes it, so a link to
  // /etc/shadow would otherwise print its hashes.
  std::error_code canon_ec;
  fs::path root = fs::canonical(dir, canon_ec);
  for (const fs::path& path : files) {
    std::string name = path.string();
    fs::path real = fs::canonical(path, canon_ec);
    if (canon_ec || root.empty() || real.parent_path() != root) {
      errors->push_back({name, 0, "rule file resolves outside " + dir + " (" +
                                      (canon_ec ? canon_ec.message() : real.string()) + "), not read"});
      continue;
    }
    std::error_code size_ec;
    std::uintmax_t size = fs::file_size(path, size_ec);
    if (!size_ec && size > kMaxRuleFileBytes) {
      errors->push_back({name, 0, "rule file too large (" + std::to_string(size) + " bytes)"});
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      errors->push_back({name, 0, std::string("cannot read rule file: ") + std::strerror(errno)});
      continue;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      errors->push_back({name, 0, "cannot read rule file: read error"});
      continue;
    }
    sources.push_back({name, std::move(text)});
  }
  return sources;
}

}  // namespace ohm
