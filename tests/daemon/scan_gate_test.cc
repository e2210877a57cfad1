#include "daemon/scan_gate.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace ohm {
namespace {

TEST_CASE("no more than `slots` holders at once, and every waiter gets its turn") {
  ScanGate gate(2);
  CHECK(gate.slots() == 2);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      ScanGate::Slot slot(&gate);
      int now = ++inside;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      --inside;
      ++done;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(done == 8);
  CHECK(most == 2);  // 8 threads sleeping 20 ms each: two of them overlap
}

TEST_CASE("0 slots means one per CPU") {
  ScanGate gate(0);
  CHECK(gate.slots() == std::max<size_t>(1, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace ohm
