#include "rules/match_scratch_pool.h"

namespace ohm {

MatchScratchPool::MatchScratchPool(const RegexLimits& limits, size_t max_idle) : limits_(limits), max_idle_(max_idle) {}

MatchScratchPool::Lease MatchScratchPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<MatchScratch> scratch = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(scratch));
    }
  }
  return Lease(this, std::make_unique<MatchScratch>(limits_));
}

size_t MatchScratchPool::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

void MatchScratchPool::Return(std::unique_ptr<MatchScratch> scratch) {
  if (!scratch) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(scratch));
}

}  // namespace ohm
