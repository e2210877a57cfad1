// Turns a score into an action with the configured thresholds, honouring
// per-sender and per-domain overrides, and writes the short human reason that
// goes into an SMTP reply or a hold record.
#ifndef OHM_SCORE_ACTION_POLICY_H_
#define OHM_SCORE_ACTION_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/verdict.h"

namespace ohm {

class ActionPolicy {
 public:
  ActionPolicy(Thresholds defaults, std::vector<ThresholdOverride> overrides);

  // Returns the thresholds for `sender` (an envelope address, may be empty):
  // the first override whose match equals the address, its domain or a parent
  // domain (case-insensitive), else the defaults.
  const Thresholds& ThresholdsFor(std::string_view sender) const;

  // Fills verdict->action and verdict->action_reason from verdict->score and
  // verdict->hits (which must be sorted by descending score). The most severe
  // action whose threshold (> 0) the score reaches wins: reject > tempfail > hold > tag.
  void Decide(std::string_view sender, Verdict* verdict) const;

 private:
  Thresholds defaults_;
  std::vector<ThresholdOverride> overrides_;
};

// Returns a one-line reason naming the top rules, e.g.
// "score 16.5 >= 15: MISSING_FROM (5): No From header...; SPAM_PHRASE (4)".
// Kept under `max_length` bytes and free of CR/LF so it fits an SMTP reply.
std::string ReasonText(const Verdict& verdict, double threshold, size_t max_length = 400);

}  // namespace ohm

#endif  // OHM_SCORE_ACTION_POLICY_H_
