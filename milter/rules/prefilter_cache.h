// A directory of compiled prefilter databases kept between starts, so that a
// daemon start, a reload or `ohm check` over many messages loads in
// milliseconds what Hyperscan takes seconds to compile (rules.prefilter_cache).
//
// The store holds opaque payloads under a 32-byte key (RegexPrefilter's
// SHA-256 of everything the compile depends on), one file each. A payload is
// fed to hs_deserialize_database, which trusts its input, so a file is read
// only when neither it nor its directory can have been written by anyone but
// this process's user or root: owned by one of them, writable by no group or
// other, a regular file and not a symbolic link. Each file carries its key and
// a SHA-256 of its content, so a torn or truncated write reads as a miss.
// Files are written whole under a temporary name and renamed into place; the
// store keeps at most kMaxEntries of them, dropping the least recently used.
#ifndef OHM_RULES_PREFILTER_CACHE_H_
#define OHM_RULES_PREFILTER_CACHE_H_

#include <array>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace ohm {

class PrefilterCache {
 public:
  using Key = std::array<unsigned char, 32>;

  // Files kept. A rule set has one per scanned text and per phrase list or
  // group that has a pass (5 with the default rules, 6 MB in all), so this
  // holds a dozen rule sets: the one in force and those of recent edits.
  static constexpr size_t kMaxEntries = 64;
  // A file larger than this is not read (the default rules' largest is a few MB).
  static constexpr size_t kMaxFileBytes = 256u << 20;

  // A cache in `dir`, which must exist: the cache never creates it (the
  // daemon does, as root, for milter.user). Nothing is read or checked yet.
  explicit PrefilterCache(std::string dir);
  PrefilterCache(const PrefilterCache&) = delete;
  PrefilterCache& operator=(const PrefilterCache&) = delete;

  const std::string& dir() const { return dir_; }

  // The SHA-256 of `material`.
  static Key KeyOf(std::string_view material);

  // The payload stored under `key`, or nullopt when there is none or it cannot
  // be trusted (see above); a refusal other than "no such file" is counted and
  // kept as problem(). A hit marks the file as recently used. Thread-safe.
  std::optional<std::string> Load(const Key& key) const;
  // Stores `payload` under `key`, replacing any file of that key, and drops
  // the least recently used files beyond kMaxEntries. Returns false (counted,
  // problem() says why) when the directory is not usable. Thread-safe.
  bool Store(const Key& key, std::string_view payload) const;

  // How the store looks to a process running as `uid` (the daemon's
  // milter.user when root checks its configuration), without reading any
  // payload. Filesystem errors are reported in `problem`, never thrown.
  struct Survey {
    bool missing = false;   // no such file (the daemon may create it); other failures are problems
    std::string problem;    // "" when that process would read it, else why not
    bool writable = false;  // and store what it compiles
    size_t entries = 0;     // cache files in it
    uint64_t bytes = 0;     // their size in all
  };
  Survey SurveyFor(uid_t uid) const;

  // What this object has done so far.
  struct Counts {
    size_t lookups = 0;  // calls of Load
    size_t loaded = 0;   // payloads read
    size_t missed = 0;   // keys not in the store
    size_t stored = 0;   // payloads written
    size_t refused = 0;  // files or directory not trusted or not usable
  };
  Counts counts() const;
  // The last refusal, in words ("" when none): names the path and the reason.
  std::string problem() const;
  // What the counts say, for logs: "5 of 5 passes loaded from DIR, 0
  // compiled and stored" (refusals are told by problem()).
  std::string Summary() const;

 private:
  // "" when `dir_` may be used by this process, else why not.
  std::string DirectoryProblem(bool for_writing) const;
  std::string PathOf(const Key& key) const;
  void Refuse(std::string why) const;
  void Prune() const;

  std::string dir_;
  mutable std::mutex mu_;
  mutable Counts counts_;
  mutable std::string problem_;
};

}  // namespace ohm

#endif  // OHM_RULES_PREFILTER_CACHE_H_
