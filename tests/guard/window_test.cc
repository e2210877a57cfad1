#include "guard/window.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("a window of up to 60 seconds is exact to the second: [now - W, now]") {
  Window w = Window::Of(60);
  CHECK(w.granularity == 1);
  const int64_t e = 1000;  // an event at second 1000
  CHECK(w.Counts(w.BucketOf(e), e));
  CHECK(w.Counts(w.BucketOf(e), e + 59));
  CHECK(w.Counts(w.BucketOf(e), e + 60));
  CHECK_FALSE(w.Counts(w.BucketOf(e), e + 61));
  CHECK(w.ExpiresAt(w.BucketOf(e)) == e + 61);
  CHECK_FALSE(w.Counts(w.BucketOf(e), e - 1));  // a future bucket does not count yet
}

TEST_CASE("a longer window uses 60 buckets and counts an event at least W seconds, less than W + G") {
  Window w = Window::Of(3600);
  CHECK(w.granularity == 60);
  // Event at the start of a bucket: counts through e + W + G - 1.
  int64_t start = 7200;
  CHECK(w.Counts(w.BucketOf(start), start + 3600));
  CHECK(w.Counts(w.BucketOf(start), start + 3659));
  CHECK_FALSE(w.Counts(w.BucketOf(start), start + 3660));
  // Event at the end of a bucket: counts through exactly e + W.
  int64_t end = 7259;
  CHECK(w.Counts(w.BucketOf(end), end + 3600));
  CHECK_FALSE(w.Counts(w.BucketOf(end), end + 3601));
  CHECK(w.ExpiresAt(w.BucketOf(end)) == end + 3601);
  // At most 61 buckets are ever inside the window.
  CHECK(w.BucketOf(100000) - w.FirstBucket(100000) + 1 == 61);
}

TEST_CASE("windows that do not divide by 60 round the granularity up") {
  CHECK(Window::Of(61).granularity == 2);
  CHECK(Window::Of(86400).granularity == 1440);
  CHECK(Window::Of(1).granularity == 1);
  CHECK(Window::Of(0).seconds == 1);  // never a zero window
  Window w = Window::Of(90);  // G = 2
  CHECK(w.Counts(w.BucketOf(1000), 1090));
  CHECK(w.Counts(w.BucketOf(1001), 1091));
  CHECK_FALSE(w.Counts(w.BucketOf(1001), 1092));
}

TEST_CASE("bucket arithmetic floors negative times") {
  Window w = Window::Of(600);  // G = 10
  CHECK(w.BucketOf(-1) == -1);
  CHECK(w.BucketOf(-10) == -1);
  CHECK(w.BucketOf(-11) == -2);
  CHECK(w.BucketOf(9) == 0);
  CHECK(w.FirstBucket(0) == -60);
}

TEST_CASE("window names for rule names") {
  CHECK(WindowName(60) == "MINUTE");
  CHECK(WindowName(3600) == "HOUR");
  CHECK(WindowName(86400) == "DAY");
  CHECK(WindowName(600) == "600S");
}
