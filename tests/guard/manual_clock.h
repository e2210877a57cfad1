// A clock the test moves by hand: guard tests never sleep.
#ifndef OHM_TESTS_GUARD_MANUAL_CLOCK_H_
#define OHM_TESTS_GUARD_MANUAL_CLOCK_H_

#include <atomic>

#include "guard/clock.h"

namespace ohm {

class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t now) : now_(now) {}
  int64_t NowSeconds() const override { return now_.load(); }
  void Set(int64_t now) { now_ = now; }
  void Advance(int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace ohm

#endif  // OHM_TESTS_GUARD_MANUAL_CLOCK_H_
