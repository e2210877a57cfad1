// When a breaker trips: the outbreak conditions of [guard.breaker] applied to
// what the store counted for one message. Pure functions of their inputs, so
// every condition is tested without a store or a clock.
#ifndef OHM_GUARD_BREAKER_POLICY_H_
#define OHM_GUARD_BREAKER_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "guard/guard_settings.h"
#include "guard/guard_store.h"

namespace ohm {

// What the store counted for the message's sender that the breaker needs.
struct SenderActivity {
  bool bad = false;            // this message was held or rejected by its score
  int64_t bad_count = 0;       // the sender's bad messages in bad_window, this one included
  int64_t hour_messages = 0;   // the sender's messages in the last hour, this one included
  int64_t day_messages = 0;    // ... in the last day, this one included
  bool recently_released = false;  // an admin released it and its grace period runs
};

// The sender's new breaker row at `now` when a condition holds, else nullopt:
// bad_count >= breaker.bad_count (this message being bad), or the last hour's
// messages >= rise_min_messages and > rise_factor x the average hourly count
// of the 23 hours before (not during a release's grace period). The row holds
// mail until now + cool_down (until released when cool_down is 0); its reason
// names the condition with the counts.
std::optional<BreakerState> SenderTrip(const BreakerSettings& breaker, const std::string& sender,
                                       const SenderActivity& activity, const std::vector<std::string>& evidence,
                                       int64_t now);

// The server-wide breaker's row when this message is high-scoring and
// high_score_senders >= breaker.server_senders (> 0), else nullopt.
std::optional<BreakerState> ServerTrip(const BreakerSettings& breaker, bool high_score, int64_t high_score_senders,
                                       const std::vector<std::string>& evidence, int64_t now);

// The row `ohm guard trip SENDER` writes: holds until released.
BreakerState ManualTrip(const std::string& sender, int64_t now);

// The row `ohm guard release SENDER` writes: not tripped; for `grace` seconds
// the volume-rise condition does not trip it again (its hourly volume is
// still high from the burst the admin has just judged).
BreakerState Release(const std::string& sender, int64_t now, int64_t grace);

}  // namespace ohm

#endif  // OHM_GUARD_BREAKER_POLICY_H_
