// Keeps MatchScratch objects between messages. A MatchScratch owns a 512 KB
// JIT stack that the kernel maps, faults in and unmaps; made per message it
// cost more than a tenth of all rule time (mmap, page faults, munmap). The
// pool hands one out per evaluation and takes it back, so each thread in
// flight reuses one.
#ifndef OHM_RULES_MATCH_SCRATCH_POOL_H_
#define OHM_RULES_MATCH_SCRATCH_POOL_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "rules/regex.h"

namespace ohm {

class MatchScratchPool {
 public:
  // Scratches made by this pool carry `limits`. At most `max_idle` are kept
  // between uses; more in flight at once are made and freed as needed.
  explicit MatchScratchPool(const RegexLimits& limits, size_t max_idle = 64);

  // One scratch, exclusively the holder's until the Lease ends. Thread-safe.
  class Lease {
   public:
    Lease(MatchScratchPool* pool, std::unique_ptr<MatchScratch> scratch)
        : pool_(pool), scratch_(std::move(scratch)) {}
    ~Lease() { pool_->Return(std::move(scratch_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    MatchScratch* get() const { return scratch_.get(); }

   private:
    MatchScratchPool* pool_;
    std::unique_ptr<MatchScratch> scratch_;
  };

  // Takes an idle scratch, or makes one when none is idle.
  Lease Acquire();
  // Scratches idle now (for tests).
  size_t idle() const;

 private:
  void Return(std::unique_ptr<MatchScratch> scratch);

  const RegexLimits limits_;
  const size_t max_idle_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<MatchScratch>> idle_;
};

}  // namespace ohm

#endif  // OHM_RULES_MATCH_SCRATCH_POOL_H_
