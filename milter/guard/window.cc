#include "guard/window.h"

namespace ohm {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Window Window::Of(int64_t seconds) {
  Window w;
  w.seconds = seconds < 1 ? 1 : seconds;
  w.granularity = (w.seconds + 59) / 60;
  return w;
}

int64_t Window::BucketOf(int64_t t) const { return FloorDiv(t, granularity); }

// A bucket b counts at `now` while its end lies after now - W:
// (b + 1) * G > now - W  <=>  b >= floor((now - W) / G).
int64_t Window::FirstBucket(int64_t now) const { return FloorDiv(now - seconds, granularity); }

std::string WindowName(int64_t seconds) {
  switch (seconds) {
    case 60: return "MINUTE";
    case 3600: return "HOUR";
    case 86400: return "DAY";
    default: return std::to_string(seconds) + "S";
  }
}

}  // namespace ohm
