// The volume guard: after a message is scored, applies the breakers and rate
// limits of [guard] to its verdict and records it in the guard's store. It
// decides at end of message, not at RCPT: by then it knows every recipient
// (the recipient limits), the score (the outbreak breaker) and the
// Message-ID (the evidence an alert names), and it costs one store step per
// message instead of one per recipient.
#ifndef OHM_GUARD_GUARD_H_
#define OHM_GUARD_GUARD_H_

#include <atomic>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "core/envelope.h"
#include "core/verdict.h"
#include "guard/clock.h"
#include "guard/guard_settings.h"
#include "guard/guard_store.h"

namespace ohm {

class Guard {
 public:
  // `store` and `clock` must outlive the guard; `log` receives trips (error
  // level: they need an admin) and store failures.
  Guard(const GuardSettings& settings, GuardStore* store, const Clock* clock, std::shared_ptr<spdlog::logger> log);

  // Takes new limits and breaker conditions (reload). The store stays: a
  // change of guard.store or its location needs a restart. Thread-safe.
  void UpdateSettings(const GuardSettings& settings);

  // Applies the guard to `verdict` (already scored, in scope):
  //  - a tripped sender or server breaker holds the message (hit
  //    GUARD_BREAKER_SENDER / GUARD_BREAKER_SERVER);
  //  - an exceeded limit tempfails it (nothing counted; the reply names the
  //    limit) or holds it, per limit (hit GUARD_RATE_<CLASS>_<WINDOW> or
  //    GUARD_RCPT_..., the counts in its detail);
  //  - a message that completes a trip condition trips the breaker (alert on
  //    the log and in guard.alert_file) and is itself held;
  //  - a store failure accepts (hit GUARD_STORE_FAILED, failures counted in
  //    the note) or tempfails, per guard.on_store_error.
  // Hits score 0; the action only ever becomes stricter (accept < tag < hold
  // < tempfail < reject). Thread-safe.
  void Apply(const Envelope& envelope, const std::string& message_id, Verdict* verdict);

  // Store failures since start.
  uint64_t store_failures() const { return store_failures_.load(); }

 private:
  void Trip(const BreakerState& trip, Verdict* verdict);

  std::atomic<std::shared_ptr<const GuardSettings>> settings_;
  GuardStore* store_;
  const Clock* clock_;
  std::shared_ptr<spdlog::logger> log_;
  std::string host_;
  std::atomic<uint64_t> store_failures_{0};
};

// Makes `verdict` take `action` with `reason` when that is stricter than its
// action (accept < tag < hold < tempfail < reject).
void Escalate(Verdict* verdict, Action action, const std::string& reason);

}  // namespace ohm

#endif  // OHM_GUARD_GUARD_H_
