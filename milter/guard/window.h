// Sliding-window arithmetic shared by every store. A window of W seconds is
// kept as up to 60 buckets of G = ceil(W / 60) seconds each; bucket b holds the
// events of [b*G, (b+1)*G). At time t the window is the buckets
// FirstBucket(t) .. BucketOf(t): the current, partly filled bucket and the
// buckets before it that end after t - W. An event at second e therefore
// counts from e through at least e + W (at most e + W + G - 1): a limit of N
// per W seconds is never exceeded in any W-second span, it may hold up to one
// bucket longer than the window, and a counter needs at most 61 buckets
// whatever the traffic. With W <= 60 (G = 1) the window is exact: [t - W, t].
#ifndef OHM_GUARD_WINDOW_H_
#define OHM_GUARD_WINDOW_H_

#include <cstdint>
#include <string>

namespace ohm {

struct Window {
  int64_t seconds = 0;      // W, >= 1
  int64_t granularity = 1;  // G, >= 1

  // The window of `seconds` (>= 1) with its granularity, ceil(seconds / 60).
  static Window Of(int64_t seconds);

  // The bucket holding time `t` (floor division, also for t < 0).
  int64_t BucketOf(int64_t t) const;
  // The oldest bucket still inside the window at time `now`.
  int64_t FirstBucket(int64_t now) const;
  // Whether an event in bucket `bucket` counts at time `now`.
  bool Counts(int64_t bucket, int64_t now) const { return bucket >= FirstBucket(now) && bucket <= BucketOf(now); }
  // The first time at which bucket `bucket` no longer counts; a store may
  // forget the bucket from then on (key expiry).
  int64_t ExpiresAt(int64_t bucket) const { return (bucket + 1) * granularity + seconds; }
};

// A window's short name for rule names and reasons: MINUTE, HOUR, DAY, else
// the seconds ("600S").
std::string WindowName(int64_t seconds);

}  // namespace ohm

#endif  // OHM_GUARD_WINDOW_H_
