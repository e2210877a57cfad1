#include "rules/match_scratch_pool.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

namespace ohm {
namespace {

TEST_CASE("a pooled scratch carries the pool's limits and matches from many threads") {
  std::string error;
  auto regex = Regex::Compile("(a+)+$", "", &error);
  REQUIRE(regex != nullptr);
  MatchScratchPool pool(RegexLimits{1000, 1000});
  std::string hostile = std::string(40, 'a') + "b";
  std::vector<std::thread> threads;
  std::vector<MatchStatus> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 20; ++round) {
        MatchScratchPool::Lease lease = pool.Acquire();
        results[i] = regex->Match(hostile, 0, lease.get());
      }
    });
  }
  for (auto& t : threads) t.join();
  for (MatchStatus s : results) CHECK(s == MatchStatus::kLimit);  // the budget holds for reused scratches too
  MatchScratchPool::Lease lease = pool.Acquire();
  CHECK(regex->Match("aaa", 0, lease.get()) == MatchStatus::kMatch);
}

}  // namespace
}  // namespace ohm
