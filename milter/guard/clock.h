// The time source of the volume guard, injected so that tests move time by
// hand instead of sleeping. Seconds since the Unix epoch: windows are minutes
// to days long, and the store (a file, or Redis shared by several MTAs) needs a
// wall clock that means the same thing after a restart and on another host.
#ifndef OHM_GUARD_CLOCK_H_
#define OHM_GUARD_CLOCK_H_

#include <cstdint>

namespace ohm {

class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time in whole seconds since the epoch. Thread-safe.
  virtual int64_t NowSeconds() const = 0;
};

// The real clock (CLOCK_REALTIME).
class SystemClock : public Clock {
 public:
  int64_t NowSeconds() const override;
};

}  // namespace ohm

#endif  // OHM_GUARD_CLOCK_H_
