#include "daemon/prefilter_cache_check.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "rules/prefilter_cache.h"
#include "temp_dir.h"

namespace ohm {
namespace {

RuleSettings CacheIn(const std::string& dir) {
  RuleSettings rules;
  rules.prefilter_cache = dir;
  return rules;
}

TEST_CASE("a cache the daemon's user owns is described with what it holds") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  REQUIRE(cache.Store(PrefilterCache::KeyOf("pass one"), std::string(300000, 'a')));
  REQUIRE(cache.Store(PrefilterCache::KeyOf("pass two"), std::string(800000, 'b')));
  CHECK(DescribePrefilterCache(CacheIn(dir.path()), geteuid(), "ohm") ==
        "prefilter cache: " + dir.path() + " (2 files, 1.0 MB; read and written by ohm)");
}

TEST_CASE("a missing cache is created at start when its parent exists, and a warning when it cannot be") {
  TempDir dir;
  CHECK(DescribePrefilterCache(CacheIn(dir.path() + "/cache"), geteuid(), "ohm") ==
        "prefilter cache: " + dir.path() + "/cache does not exist yet; ohm-milter creates it for ohm at start");
  std::string line = DescribePrefilterCache(CacheIn(dir.path() + "/no/cache"), geteuid(), "ohm");
  CHECK(line.starts_with("prefilter cache: warning: " + dir.path() + "/no/cache does not exist, nor does " +
                         dir.path() + "/no, so ohm-milter cannot create it; each start compiles"));
}

TEST_CASE("a cache others could write is a warning naming why, and so is a file in its place") {
  TempDir dir;
  REQUIRE(chmod(dir.path().c_str(), 0777) == 0);
  std::string line = DescribePrefilterCache(CacheIn(dir.path()), geteuid(), "ohm");
  CHECK(line.starts_with("prefilter cache: warning: not used: " + dir.path() + ": writable by group or others;"));
  CHECK(line.find("each start compiles") != std::string::npos);
  REQUIRE(chmod(dir.path().c_str(), 0700) == 0);

  std::string file = dir.path() + "/file";
  FILE* f = fopen(file.c_str(), "w");
  REQUIRE(f != nullptr);
  fclose(f);
  CHECK(DescribePrefilterCache(CacheIn(file), geteuid(), "ohm")
            .starts_with("prefilter cache: warning: not used: " + file + ": not a directory;"));
  // A path through that file is not missing, it cannot be: no "created at start".
  CHECK(DescribePrefilterCache(CacheIn(file + "/cache"), geteuid(), "ohm")
            .starts_with("prefilter cache: warning: not used: " + file + "/cache: Not a directory;"));
}

TEST_CASE("as root: the cache is judged for the milter's user, not for root") {
  if (geteuid() != 0) return;  // needs chown
  TempDir dir;
  const uid_t milter_user = 64011, someone_else = 64012;
  // Root's own directory: the user may read what root stored, but cannot add to it.
  CHECK(DescribePrefilterCache(CacheIn(dir.path()), milter_user, "ohm")
            .starts_with("prefilter cache: warning: " + dir.path() + " (0 files, 0.0 MB) is read but not writable by ohm"));
  // Another user's directory is not trusted, though root would read it.
  REQUIRE(chown(dir.path().c_str(), someone_else, 0) == 0);
  CHECK(DescribePrefilterCache(CacheIn(dir.path()), milter_user, "ohm") ==
        "prefilter cache: warning: not used: " + dir.path() + ": owned by uid 64012, neither the milter's user (uid " +
            "64011) nor root; each start compiles the rules' prefilter (seconds of PCRE2 alone)");
  // The user's own: read and written.
  REQUIRE(chown(dir.path().c_str(), milter_user, 0) == 0);
  CHECK(DescribePrefilterCache(CacheIn(dir.path()), milter_user, "ohm") ==
        "prefilter cache: " + dir.path() + " (0 files, 0.0 MB; read and written by ohm)");
  REQUIRE(chown(dir.path().c_str(), 0, 0) == 0);
}

TEST_CASE("no cache configured, or no prefilter, is said plainly") {
  RuleSettings rules = CacheIn("");
  CHECK(DescribePrefilterCache(rules, geteuid(), "ohm").starts_with("prefilter cache: off (rules.prefilter_cache is empty); "));
  rules.prefilter = false;
  CHECK(DescribePrefilterCache(rules, geteuid(), "ohm") == "prefilter cache: not used (rules.prefilter = false)");
}

}  // namespace
}  // namespace ohm
