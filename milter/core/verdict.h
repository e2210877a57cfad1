// The outcome of scoring one message: which rules hit, the total, the action
// and the notes that explain anything unusual (skipped stages, limits reached).
#ifndef OHM_CORE_VERDICT_H_
#define OHM_CORE_VERDICT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

enum class Action { kAccept, kTag, kHold, kReject, kTempfail };

// Returns the stable lower-case name used in logs, JSON and headers ("accept", ...).
std::string_view ActionName(Action action);
// Parses a name produced by ActionName; nullopt for anything else.
std::optional<Action> ParseAction(std::string_view name);
// Returns the CLI exit code for an action: accept 0, tag 1, hold 2, reject 3, tempfail 4.
int ActionExitCode(Action action);

// Formats a score the way headers, reasons and reports show it: at most two
// decimals, no trailing zeros ("4", "2.5", "-1.25").
std::string FormatScore(double score);

struct RuleHit {
  std::string name;
  double score = 0;
  std::string description;
  std::string detail;  // optional evidence, e.g. the phrase matched; may be empty
};

struct Verdict {
  Action action = Action::kAccept;
  double score = 0;
  std::vector<RuleHit> hits;        // sorted by descending score
  std::vector<std::string> notes;   // e.g. "header values cut at 65536 bytes"
  bool in_scope = true;             // false: passed untouched (not outbound)
  std::string scope_reason;         // why the message is (not) in scope
  std::string action_reason;        // short human reason for hold/reject/tempfail
  double elapsed_ms = 0;
};

}  // namespace ohm

#endif  // OHM_CORE_VERDICT_H_
