#include "daemon/prefilter_cache_check.h"

#include <sys/stat.h>

#include <cstdio>

#include "rules/prefilter_cache.h"

namespace ohm {

namespace {

std::string Megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// What the daemon does without a usable cache, told once for every case.
constexpr const char* kCompiles = "each start compiles the rules' prefilter (seconds of PCRE2 alone)";

}  // namespace

std::string DescribePrefilterCache(const RuleSettings& rules, uid_t uid, const std::string& user) {
  const std::string head = "prefilter cache: ";
  if (!rules.prefilter) return head + "not used (rules.prefilter = false)";
  if (rules.prefilter_cache.empty()) return head + "off (rules.prefilter_cache is empty); " + kCompiles;
  PrefilterCache cache(rules.prefilter_cache);
  PrefilterCache::Survey survey = cache.SurveyFor(uid);
  const std::string& dir = cache.dir();
  if (survey.missing) {
    std::string parent = dir.substr(0, dir.rfind('/'));
    if (parent.empty()) parent = "/";
    struct stat st;
    if (stat(parent.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      return head + dir + " does not exist yet; ohm-milter creates it for " + user + " at start";
    return head + "warning: " + dir + " does not exist, nor does " + parent + ", so ohm-milter cannot create it; " +
           kCompiles;
  }
  if (!survey.problem.empty()) return head + "warning: not used: " + survey.problem + "; " + kCompiles;
  std::string held = std::to_string(survey.entries) + (survey.entries == 1 ? " file, " : " files, ") +
                     Megabytes(survey.bytes);
  if (!survey.writable)
    return head + "warning: " + dir + " (" + held + ") is read but not writable by " + user +
           ": passes compiled for new rules are not kept, and those starts compile";
  return head + dir + " (" + held + "; read and written by " + user + ")";
}

}  // namespace ohm
