// The PCRE2 match scratches (each with its 512 KB JIT stack) of one compiled
// rule set, kept between messages: made per message they cost more than a
// tenth of all rule time. Every scratch carries the rule set's match limits.
#ifndef OHM_RULES_MATCH_SCRATCH_POOL_H_
#define OHM_RULES_MATCH_SCRATCH_POOL_H_

#include <cstddef>
#include <memory>

#include "core/idle_pool.h"
#include "rules/regex.h"

namespace ohm {

class MatchScratchPool {
 public:
  using Lease = IdlePool<MatchScratch>::Lease;

  // Scratches made by this pool carry `limits`. At most `max_idle` are kept
  // between uses.
  explicit MatchScratchPool(const RegexLimits& limits, size_t max_idle = 64) : limits_(limits), pool_(max_idle) {}

  // An idle scratch, or a new one when none is idle. Thread-safe.
  Lease Acquire() {
    return pool_.Acquire([this] { return std::make_unique<MatchScratch>(limits_); });
  }
  // Scratches idle now (for tests).
  size_t idle() const { return pool_.idle(); }

 private:
  const RegexLimits limits_;
  IdlePool<MatchScratch> pool_;
};

}  // namespace ohm

#endif  // OHM_RULES_MATCH_SCRATCH_POOL_H_
