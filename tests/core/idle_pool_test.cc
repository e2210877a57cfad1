#include "core/idle_pool.h"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace ohm {
namespace {

// Counts how many objects exist, so a test sees what the pool freed.
struct Counted {
  explicit Counted(std::atomic<int>* live) : live(live) { ++*live; }
  ~Counted() { --*live; }
  std::atomic<int>* live;
};

TEST_CASE("a returned object is handed out again, not remade") {
  std::atomic<int> live{0};
  int made = 0;
  auto make = [&] { ++made; return std::make_unique<Counted>(&live); };
  IdlePool<Counted> pool;
  Counted* first = nullptr;
  {
    IdlePool<Counted>::Lease lease = pool.Acquire(make);
    first = lease.get();
    CHECK(pool.idle() == 0);
  }
  CHECK(pool.idle() == 1);
  IdlePool<Counted>::Lease again = pool.Acquire(make);
  CHECK(again.get() == first);
  CHECK(made == 1);
  CHECK(pool.idle() == 0);
}

TEST_CASE("leases in flight at once get distinct objects; past max_idle the extra ones are freed") {
  std::atomic<int> live{0};
  auto make = [&] { return std::make_unique<Counted>(&live); };
  {
    IdlePool<Counted> pool(2);
    {
      IdlePool<Counted>::Lease a = pool.Acquire(make);
      IdlePool<Counted>::Lease b = pool.Acquire(make);
      IdlePool<Counted>::Lease c = pool.Acquire(make);
      CHECK(a.get() != b.get());
      CHECK(b.get() != c.get());
      CHECK(a.get() != c.get());
      CHECK(live == 3);
    }
    CHECK(pool.idle() == 2);
    CHECK(live == 2);
  }
  CHECK(live == 0);  // the pool frees what it keeps
}

TEST_CASE("a failed make gives a null lease and nothing is kept") {
  IdlePool<int> pool;
  {
    IdlePool<int>::Lease lease = pool.Acquire([] { return std::unique_ptr<int>(); });
    CHECK(lease.get() == nullptr);
  }
  CHECK(pool.idle() == 0);
}

TEST_CASE("a custom deleter frees the objects the pool keeps") {
  static std::atomic<int> freed{0};
  struct Free {
    void operator()(int* p) const { ++freed; delete p; }
  };
  freed = 0;
  {
    IdlePool<int, Free> pool;
    { auto lease = pool.Acquire([] { return std::unique_ptr<int, Free>(new int(7)); }); }
    CHECK(freed == 0);
  }
  CHECK(freed == 1);
}

TEST_CASE("many threads share a pool; no object is held by two at once") {
  std::atomic<int> live{0};
  IdlePool<Counted> pool(4);
  std::atomic<int> clashes{0};
  std::vector<std::thread> threads;
  std::vector<std::atomic<Counted*>> held(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 2000; ++round) {
        auto lease = pool.Acquire([&] { return std::make_unique<Counted>(&live); });
        held[i] = lease.get();
        for (int j = 0; j < 8; ++j) {
          if (j != i && held[j].load() == lease.get()) ++clashes;
        }
        held[i] = nullptr;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(clashes == 0);
  CHECK(pool.idle() <= 4);
  CHECK(live == static_cast<int>(pool.idle()));
}

}  // namespace
}  // namespace ohm
