// One multi-pattern pass that tells which regex rules cannot match a text, so
// PCRE2 runs only the rules that might. Each covered pattern is compiled into
// one Hyperscan database in prefilter mode, where Hyperscan may report a match
// the real pattern would not make (lookarounds and back references are
// widened) but never misses one: a rule the pass did not report cannot match,
// and skipping it changes no verdict. A rule the pass reports, or a pattern
// Hyperscan cannot take at all, is matched by PCRE2 as before.
//
// With a PrefilterCache, a database compiled once for the same patterns, the
// same Hyperscan and the same CPU is loaded from it instead of compiled again
// (milliseconds instead of seconds), and one compiled here is stored there.
//
// Built without Hyperscan (it is x86-64 only in Debian), or on a CPU it does
// not support, the prefilter covers nothing and every rule runs PCRE2.
#ifndef OHM_RULES_REGEX_PREFILTER_H_
#define OHM_RULES_REGEX_PREFILTER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/idle_pool.h"

struct hs_scratch;  // Hyperscan's per-scan working memory

namespace ohm {

class PrefilterCache;

struct PrefilterPattern {
  std::string pattern;  // PCRE syntax, as in the rule file
  std::string flags;    // rule flags: any of "imsx"
};

class RegexPrefilter {
 public:
  // Compiles what Hyperscan accepts of `patterns`; the others are not covered.
  // Texts given to Scan must be valid UTF-8 (patterns use UTF-8 and Unicode
  // properties, like the PCRE2 rules). With `cache` (which need only outlive
  // the constructor), loads the compiled pass from it when it holds one for
  // these patterns, and stores the one it compiles otherwise; a cache that
  // cannot be used only costs the compile (its counts say so).
  explicit RegexPrefilter(const std::vector<PrefilterPattern>& patterns, const PrefilterCache* cache = nullptr);
  ~RegexPrefilter();
  RegexPrefilter(const RegexPrefilter&) = delete;
  RegexPrefilter& operator=(const RegexPrefilter&) = delete;

  // Whether pattern `i` (index into the constructor's list) is in the pass.
  bool covers(size_t i) const { return i < covered_.size() && covered_[i]; }
  // How many patterns are in the pass.
  size_t covered_count() const;

  // Sets (*may_match)[i] for every covered pattern i that may match `text`,
  // clears it for the others, and sets uncovered ones (they must be run).
  // With `starts`, also sets (*starts)[i] to a byte offset of `text`, at a
  // character boundary, before which pattern i cannot match: 0 unless the
  // pass can tell (a pattern of bounded length whose matches Hyperscan
  // reports in order, so its first reported end bounds where a real match can
  // start), so a caller may start the real match there instead of at 0.
  // Returns false, with every entry set and every start 0, when the text is
  // not valid UTF-8 or the scan failed. Thread-safe.
  bool Scan(std::string_view text, std::vector<bool>* may_match, std::vector<size_t>* starts = nullptr) const;

  // True when this build and CPU can run the pass at all.
  static bool Available();

 private:
  struct Database;
  struct ScratchFree {
    void operator()(hs_scratch* scratch) const;
  };

  // Compiles `patterns` into database_, covered_ and max_width_.
  void Compile(const std::vector<PrefilterPattern>& patterns);
  // The compiled pass as a cache payload; nullopt when Hyperscan cannot serialize it.
  std::optional<std::string> Serialize() const;
  // Takes the pass from a payload Serialize made for the same patterns; false
  // (nothing changed) when it does not fit them or Hyperscan refuses it.
  bool Restore(std::string_view payload);

  std::vector<bool> covered_;
  // By pattern: the longest match in bytes when it bounds where a match can
  // start (Hyperscan's hs_expression_info: bounded, reported in order), else 0.
  std::vector<unsigned> max_width_;
  std::unique_ptr<Database> database_;
  // One scratch per scan in flight, cloned from the database's prototype.
  mutable IdlePool<hs_scratch, ScratchFree> scratch_pool_;
};

}  // namespace ohm

#endif  // OHM_RULES_REGEX_PREFILTER_H_
