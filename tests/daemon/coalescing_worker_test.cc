#include "daemon/coalescing_worker.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace ohm {

TEST_CASE("each request runs the job once on the worker's thread") {
  std::atomic<int> runs{0};
  std::thread::id job_thread;
  CoalescingWorker worker([&] {
    job_thread = std::this_thread::get_id();
    ++runs;
  });
  worker.WaitIdle();
  CHECK(runs == 0);  // nothing runs unasked
  worker.Request();
  worker.WaitIdle();
  CHECK(runs == 1);
  CHECK(job_thread != std::this_thread::get_id());
  worker.Request();
  worker.WaitIdle();
  CHECK(runs == 2);
}

TEST_CASE("requests made while the job runs merge into one more run") {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  CoalescingWorker worker([&] {
    started = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++runs;
  });
  worker.Request();
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int i = 0; i < 5; ++i) worker.Request();  // all while the first run is blocked
  release = true;
  worker.WaitIdle();
  CHECK(runs == 2);
}

TEST_CASE("Stop lets the running job finish, drops what is pending and is idempotent") {
  std::atomic<int> runs{0};
  std::atomic<bool> started{false};
  CoalescingWorker worker([&] {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ++runs;
  });
  worker.Request();
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  worker.Request();  // pending when Stop comes
  worker.Stop();
  CHECK(runs == 1);
  worker.Stop();
  worker.Request();  // after Stop: never runs
  CHECK(runs == 1);
}

TEST_CASE("Abandon returns without waiting for the running job, which still finishes") {
  // Everything the job touches is its own: it outlives the worker.
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto started = std::make_shared<std::atomic<bool>>(false);
  auto finished = std::make_shared<std::atomic<bool>>(false);
  {
    CoalescingWorker worker([release, started, finished] {
      *started = true;
      while (!*release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      *finished = true;
    });
    worker.Request();
    while (!*started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(worker.Abandon());  // the job is blocked: Abandon must not wait for it
    CHECK_FALSE(*finished);
    worker.Request();  // after Abandon: never runs
  }  // the destructor neither joins nor blocks
  *release = true;
  for (int i = 0; i < 5000 && !*finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(*finished);
}

}  // namespace ohm
