#include "rules/prefilter_cache.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace ohm {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

TEST_CASE("a payload stored under a key is loaded back under it, and only under it") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  PrefilterCache::Key key = PrefilterCache::KeyOf("patterns A");
  PrefilterCache::Key other = PrefilterCache::KeyOf("patterns B");
  CHECK(key != other);
  CHECK_FALSE(cache.Load(key).has_value());
  std::string payload("compiled\0bytes", 14);
  REQUIRE(cache.Store(key, payload));
  std::optional<std::string> loaded = cache.Load(key);
  REQUIRE(loaded.has_value());
  CHECK(*loaded == payload);
  CHECK_FALSE(cache.Load(other).has_value());
  PrefilterCache::Counts c = cache.counts();
  CHECK(c.lookups == 3);
  CHECK(c.loaded == 1);
  CHECK(c.missed == 2);
  CHECK(c.stored == 1);
  CHECK(c.refused == 0);
  CHECK(cache.problem().empty());
  // One file, readable by all, written by this user only; no temporary left.
  std::vector<std::string> files = dir.Files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].rfind("prefilter-", 0) == 0);
  struct stat st;
  REQUIRE(stat((dir.path() + "/" + files[0]).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("a torn, altered or misplaced file reads as no entry, with the reason kept") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  PrefilterCache::Key key = PrefilterCache::KeyOf("k");
  REQUIRE(cache.Store(key, std::string(1000, 'x')));
  std::string path = dir.path() + "/" + dir.Files().at(0);
  std::string whole = ReadFile(path);

  SUBCASE("cut short") {
    WriteFile(path, whole.substr(0, whole.size() - 100));
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem() == path + ": truncated");
  }
  SUBCASE("a byte changed") {
    std::string changed = whole;
    changed[500] = 'y';
    WriteFile(path, changed);
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem().find("checksum") != std::string::npos);
  }
  SUBCASE("another key's file under this key's name") {
    PrefilterCache::Key other = PrefilterCache::KeyOf("other");
    REQUIRE(cache.Store(other, "y"));
    for (const std::string& f : dir.Files()) {
      std::string p = dir.path() + "/" + f;
      if (p != path) WriteFile(path, ReadFile(p));
    }
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem().find("another key") != std::string::npos);
  }
  SUBCASE("empty") {
    WriteFile(path, "");
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem().find("truncated") != std::string::npos);
  }
  CHECK(cache.counts().refused == 1);
  // Storing again repairs it.
  REQUIRE(cache.Store(key, std::string(1000, 'x')));
  CHECK(cache.Load(key) == std::string(1000, 'x'));
}

TEST_CASE("a file or directory others may write is not trusted") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  PrefilterCache::Key key = PrefilterCache::KeyOf("k");
  REQUIRE(cache.Store(key, "payload"));
  std::string path = dir.path() + "/" + dir.Files().at(0);

  SUBCASE("group-writable file") {
    REQUIRE(chmod(path.c_str(), 0664) == 0);
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem() == path + ": writable by group or others");
  }
  SUBCASE("world-writable directory") {
    REQUIRE(chmod(dir.path().c_str(), 0777) == 0);
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK_FALSE(cache.Store(key, "other"));
    CHECK(cache.problem() == dir.path() + ": writable by group or others");
    CHECK(cache.counts().refused == 2);  // the load and the store
    CHECK(cache.counts().lookups == 1);
    REQUIRE(chmod(dir.path().c_str(), 0700) == 0);
  }
  SUBCASE("a symbolic link in the entry's place") {
    std::string target = dir.path() + "/elsewhere";
    REQUIRE(rename(path.c_str(), target.c_str()) == 0);
    REQUIRE(symlink(target.c_str(), path.c_str()) == 0);
    CHECK_FALSE(cache.Load(key).has_value());
    CHECK(cache.problem() == path + ": a symbolic link");
  }
  if (geteuid() == 0) {
    SUBCASE("a file another user owns (as root: not root's own, not ours)") {
      REQUIRE(chown(path.c_str(), 12345, 12345) == 0);
      CHECK_FALSE(cache.Load(key).has_value());
      CHECK(cache.problem().find("owned by uid 12345") != std::string::npos);
    }
  }
}

TEST_CASE("a missing directory is reported and never created") {
  PrefilterCache cache("/tmp/ohm-no-such-prefilter-cache-dir/sub");
  PrefilterCache::Key key = PrefilterCache::KeyOf("k");
  CHECK_FALSE(cache.Load(key).has_value());
  CHECK_FALSE(cache.Store(key, "payload"));
  CHECK(cache.problem() == "/tmp/ohm-no-such-prefilter-cache-dir/sub: No such file or directory");
  struct stat st;
  CHECK(stat("/tmp/ohm-no-such-prefilter-cache-dir", &st) != 0);
}

TEST_CASE("the store keeps the most recently used entries and drops abandoned temporaries") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  // An entry loaded now is used more recently than those written before it.
  PrefilterCache::Key first = PrefilterCache::KeyOf("entry 0");
  REQUIRE(cache.Store(first, "0"));
  std::string first_path = dir.path() + "/" + dir.Files().at(0);
  struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
  for (size_t i = 1; i < PrefilterCache::kMaxEntries; ++i) {
    REQUIRE(cache.Store(PrefilterCache::KeyOf("entry " + std::to_string(i)), std::to_string(i)));
  }
  // Every entry looks old, the first the oldest; then the first is used (loaded).
  for (const std::string& f : dir.Files()) {
    REQUIRE(utimensat(AT_FDCWD, (dir.path() + "/" + f).c_str(), old_times, 0) == 0);
  }
  struct timespec oldest[2] = {{999999999, 0}, {999999999, 0}};
  REQUIRE(utimensat(AT_FDCWD, first_path.c_str(), oldest, 0) == 0);
  REQUIRE(cache.Load(first) == std::string("0"));
  std::string abandoned = first_path + ".tmp.abcdef";
  WriteFile(abandoned, "half");
  REQUIRE(utimensat(AT_FDCWD, abandoned.c_str(), old_times, 0) == 0);

  REQUIRE(cache.Store(PrefilterCache::KeyOf("one more"), "new"));
  std::vector<std::string> files = dir.Files();
  CHECK(files.size() == PrefilterCache::kMaxEntries);
  CHECK(cache.Load(first) == std::string("0"));
  CHECK(cache.Load(PrefilterCache::KeyOf("one more")) == std::string("new"));
  struct stat st;
  CHECK(stat(abandoned.c_str(), &st) != 0);
}

TEST_CASE("a survey counts the cache's files only, and judges the directory for the user asked about") {
  TempDir dir;
  PrefilterCache cache(dir.path());
  PrefilterCache::Survey empty = cache.SurveyFor(geteuid());
  CHECK_FALSE(empty.missing);
  CHECK(empty.problem.empty());
  CHECK(empty.writable);
  CHECK(empty.entries == 0);
  REQUIRE(cache.Store(PrefilterCache::KeyOf("a"), std::string(1000, 'a')));
  REQUIRE(cache.Store(PrefilterCache::KeyOf("b"), std::string(2000, 'b')));
  std::string one = dir.path() + "/" + dir.Files().at(0);
  WriteFile(one + ".tmp.abcdef", "half a write");  // neither counted nor removed
  WriteFile(dir.path() + "/notes.txt", "not the cache's");
  PrefilterCache::Survey two = cache.SurveyFor(geteuid());
  CHECK(two.entries == 2);
  CHECK(two.bytes > 3000);
  CHECK(two.bytes < 3300);  // the payloads and their framing
  CHECK(cache.counts().lookups == 0);  // nothing was read

  REQUIRE(chmod(dir.path().c_str(), 0770) == 0);
  PrefilterCache::Survey shared = cache.SurveyFor(geteuid());
  CHECK(shared.problem == dir.path() + ": writable by group or others");
  CHECK_FALSE(shared.writable);
  REQUIRE(chmod(dir.path().c_str(), 0700) == 0);
  if (geteuid() == 0) {
    // Root's directory: another user trusts what is in it, but cannot add to it.
    PrefilterCache::Survey other = cache.SurveyFor(64011);
    CHECK(other.problem.empty());
    CHECK_FALSE(other.writable);
    CHECK(other.entries == 2);
  } else {
    // Another user (not root) may not use a directory this user owns.
    CHECK(cache.SurveyFor(geteuid() + 1).problem == dir.path() + ": owned by uid " + std::to_string(geteuid()) +
                                                        ", neither the milter's user (uid " +
                                                        std::to_string(geteuid() + 1) + ") nor root");
  }
  PrefilterCache missing(dir.path() + "/missing");
  PrefilterCache::Survey none = missing.SurveyFor(geteuid());
  CHECK(none.missing);
  CHECK(none.problem == dir.path() + "/missing: No such file or directory");
}

}  // namespace
}  // namespace ohm
