// Which keys a message is counted under: its breaker identity and its key in
// each rate-limit class, and the counters its limits need.
#ifndef OHM_GUARD_MESSAGE_KEYS_H_
#define OHM_GUARD_MESSAGE_KEYS_H_

#include <string>
#include <vector>

#include "core/envelope.h"
#include "guard/guard_settings.h"
#include "guard/guard_store.h"

namespace ohm {

// The sender the breaker and the per-sender volume follow: the SASL user when
// the client authenticated (a stolen password is the usual outbreak), else the
// envelope sender; lower-case; "<>" for the null sender.
std::string BreakerIdentity(const Envelope& envelope);

// Normalizes a sender named by an admin (`ohm guard release Alice@Example.COM`)
// the way BreakerIdentity does; "*" (the server) stays "*".
std::string NormalizeIdentity(std::string name);

// The message's key in `key_class`, "" when it has none (user: not
// authenticated; client: no address; sender/domain: the null sender). The
// server class has the one key "*".
std::string ClassKey(KeyClass key_class, const Envelope& envelope);

// One counter of a rate limit, as planned for a message.
struct PlannedLimit {
  const RateLimit* limit = nullptr;  // points into the settings the plan was made from
  std::string key;                   // the message's key in the limit's class
  bool recipients = false;           // counts recipients (else messages)
  int64_t max = 0;                   // the limit after overrides
};

// Appends to *counters one CounterUpdate per limit of `settings` that applies
// to the message (its class has a key, the count is not unlimited), and the
// matching PlannedLimit to *planned (same order, same size).
void PlanRateCounters(const GuardSettings& settings, const Envelope& envelope,
                      std::vector<CounterUpdate>* counters, std::vector<PlannedLimit>* planned);

// The rule-like name of an exceeded limit: GUARD_RATE_<CLASS>_<WINDOW> for
// messages, GUARD_RCPT_<CLASS>_<WINDOW> for recipients (GUARD_RATE_USER_HOUR).
std::string LimitHitName(const PlannedLimit& planned);

}  // namespace ohm

#endif  // OHM_GUARD_MESSAGE_KEYS_H_
