// A loaded, compiled set of rules (SpamAssassin-compatible subset plus ohm's
// metric rules) and its evaluation against one message. Immutable once built,
// so the daemon can share one RuleSet between threads and swap it on reload.
#ifndef OHM_RULES_RULE_SET_H_
#define OHM_RULES_RULE_SET_H_

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/envelope.h"
#include "core/raw_message.h"
#include "core/verdict.h"
#include "features/features.h"
#include "parse/parsed_message.h"
#include "rules/prefilter_cache.h"

namespace ohm {

// One rule file's text and the name it is reported under ("rules/10_headers.cf").
struct RuleSource {
  std::string name;
  std::string text;
};

struct RuleLoadError {
  std::string file;
  int line = 0;          // 1-based; 0 when the error is about the file as a whole
  std::string message;   // what is wrong, e.g. "unknown rule 'FOO' in meta expression"
  // Returns "file:line: message".
  std::string ToString() const;
};

struct RuleOptions {
  unsigned long regex_match_limit = 100000;    // PCRE2 match limit per regex match call
  unsigned long regex_depth_limit = 10000;     // PCRE2 depth limit per call
  size_t max_matches_per_rule = 100;           // hits counted per rule per message
  size_t max_regex_aborts = 10;                // per message: after this many aborted rules, regex rules stop
  bool prefilter = true;                       // one multi-pattern pass decides which body regexes run (regex_prefilter.h)
  // Where compiled passes are loaded from and stored (null: always compiled).
  std::shared_ptr<const PrefilterCache> prefilter_cache;
};

// Facts about one rule for `ohm rules list`.
struct RuleInfo {
  std::string name;
  std::string kind;         // header, body, rawbody, uri, full, meta, metric, phrases
  double score = 0;
  std::string description;
  std::string source;       // "file:line" where defined
};

// What a rule evaluation looks at. content_scanned=false means the body was not
// collected (over the size limit): body/rawbody/uri/full/content metric rules are skipped.
struct ScanInput {
  const Envelope& envelope;
  const RawMessage& raw;
  const ParsedMessage& parsed;
  const Features& features;
  bool content_scanned = true;
};

// What each rule cost, added up over the evaluations that were given it
// (`ohm rules profile`). A phrase group's one shared scan is charged to the
// first of its rules evaluated.
struct RuleProfile {
  std::vector<std::string> names;  // by rule, in evaluation order
  std::vector<std::string> kinds;
  std::vector<double> seconds;     // wall time spent evaluating the rule
  std::vector<size_t> hits;        // evaluations where it hit (sub-rules: matched)
};

class RuleSet {
 public:
  using LoadResult = std::variant<std::shared_ptr<const RuleSet>, std::vector<RuleLoadError>>;

  // Compiles `sources` in order; a later source may redefine score, describe
  // and thresholds of an earlier rule (local overrides). Returns every error
  // found (not just the first), each naming file and line.
  static LoadResult Load(const std::vector<RuleSource>& sources, const RuleOptions& options);

  // Evaluates every rule with a non-zero score. Returns the hits (score != 0),
  // in no particular order. Rules whose regex hit the match budget are not hits;
  // each such abort is appended to `notes` as "rule NAME aborted: regex match limit".
  // After options.max_regex_aborts aborts, the remaining regex rules of the
  // message are not run, noted as "regex budget of the message spent (...)".
  // With `profile`, also adds each rule's time and hit to it (sized on first use).
  std::vector<RuleHit> Evaluate(const ScanInput& input, std::vector<std::string>* notes,
                                RuleProfile* profile = nullptr) const;

  // Every rule, including zero-scored and "__" sub-rules, sorted by name.
  std::vector<RuleInfo> List() const;

  // True when a rule that is evaluated reads the body (body, rawbody, uri and
  // full rules, body phrase lists, metrics over content features). When none
  // does, a caller may skip parsing the body: the verdict is the same.
  bool ReadsContent() const { return DoReadsContent(); }

  virtual ~RuleSet() = default;
  RuleSet() = default;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

 protected:
  virtual std::vector<RuleHit> DoEvaluate(const ScanInput& input, std::vector<std::string>* notes,
                                          RuleProfile* profile) const = 0;
  virtual std::vector<RuleInfo> DoList() const = 0;
  virtual bool DoReadsContent() const = 0;
};

// Reads every "*.cf" file in `dir` (sorted by name) into sources. On an unreadable
// directory or file, appends an error and returns what could be read.
std::vector<RuleSource> ReadRuleDirectory(const std::string& dir, std::vector<RuleLoadError>* errors);

}  // namespace ohm

#endif  // OHM_RULES_RULE_SET_H_
