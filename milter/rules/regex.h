// PCRE2 regular expressions as rules use them: UTF-8 with Unicode properties,
// tolerant of invalid UTF-8 in the subject (mail is full of it), JIT-compiled,
// and matched under a per-call budget so that one hostile message cannot pin
// a thread with a catastrophically backtracking pattern.
#ifndef OHM_RULES_REGEX_H_
#define OHM_RULES_REGEX_H_

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ohm {

struct RegexLimits {
  unsigned long match_limit = 100000;  // pcre2_set_match_limit, per match call
  unsigned long depth_limit = 10000;   // pcre2_set_depth_limit (interpreter only; JIT ignores it)
};

enum class MatchStatus {
  kMatch,
  kNoMatch,
  kLimit,  // the match or depth budget (or the JIT stack) ran out: the answer is unknown
  kError,  // any other PCRE2 failure, e.g. out of memory: the answer is unknown
};

// The mutable state one thread needs to run matches: match data, a match
// context carrying the limits, and a JIT stack. Compiled regexes are shared
// between threads; a MatchScratch never is (create one per evaluation).
class MatchScratch {
 public:
  explicit MatchScratch(const RegexLimits& limits);
  ~MatchScratch();
  MatchScratch(const MatchScratch&) = delete;
  MatchScratch& operator=(const MatchScratch&) = delete;

  // Byte offsets of the whole match of the last successful Regex::Match.
  size_t match_begin() const;
  size_t match_end() const;
  // The (*MARK:name) on the matching path of the last successful match, or "".
  std::string_view mark() const;

 private:
  friend class Regex;
  pcre2_match_data* data_ = nullptr;
  pcre2_match_context* context_ = nullptr;
  pcre2_jit_stack* jit_stack_ = nullptr;
};

class Regex {
 public:
  // Compiles `pattern` with Perl flags `flags` (any of "imsx"; anything else
  // is refused). Returns nullptr on failure with *error set to PCRE2's message
  // and the offset, e.g. "missing closing parenthesis at offset 3".
  static std::unique_ptr<Regex> Compile(std::string_view pattern, std::string_view flags,
                                        std::string* error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Searches `subject` from byte offset `start`. On kMatch the span and mark
  // are in `scratch`. Thread-safe as long as each thread uses its own scratch.
  MatchStatus Match(std::string_view subject, size_t start, MatchScratch* scratch) const;

  // True when the pattern was JIT-compiled (false only where JIT is unavailable).
  bool jit() const { return jit_; }

 private:
  explicit Regex(pcre2_code* code, bool jit) : code_(code), jit_(jit) {}
  pcre2_code* code_;
  bool jit_;
};

// Returns the offset just after the UTF-8 character starting at `pos` (one
// byte for an invalid sequence), for stepping past an empty match.
size_t NextCharOffset(std::string_view text, size_t pos);

}  // namespace ohm

#endif  // OHM_RULES_REGEX_H_
