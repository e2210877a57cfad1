#include "guard/clock.h"

#include <ctime>

namespace ohm {

int64_t SystemClock::NowSeconds() const {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec);
}

}  // namespace ohm
