// The Redis store against a real redis-server on a loopback port, started by
// the test (skipped when redis-server is not installed): the same sequences of
// messages give the same replies as the SQLite store, whose arithmetic
// sqlite_store_test pins down, and a dead Redis fails fast.
#include "guard/redis_store.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <doctest/doctest.h>

#include "guard/sqlite_store.h"

using namespace ohm;

namespace {

const char* kRedisServer = "/usr/bin/redis-server";
bool HaveRedis() { return access(kRedisServer, X_OK) == 0; }

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// A redis-server child on 127.0.0.1:port, killed at scope exit.
class RedisServer {
 public:
  RedisServer() : port_(FreePort()) {
    pid_ = fork();
    if (pid_ == 0) {
      std::string port = std::to_string(port_);
      if (!freopen("/dev/null", "w", stdout)) _exit(126);
      execl(kRedisServer, kRedisServer, "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "", "--appendonly",
            "no", "--dir", "/tmp", "--loglevel", "warning", static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~RedisServer() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
};

RedisSettings SettingsFor(int port) {
  RedisSettings s;
  s.endpoints = {"127.0.0.1:" + std::to_string(port)};
  s.prefix = "test:" + std::to_string(getpid()) + ":";
  return s;
}

// Waits until the store answers (redis-server takes a moment to listen).
bool WaitReady(RedisGuardStore& store) {
  for (int i = 0; i < 100; ++i) {
    GuardReply reply;
    std::string error;
    GuardRequest probe;
    probe.sender = "probe";
    if (store.Process(probe, &reply, &error)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the reconnect hold-off
    if (i > 5) break;
  }
  return false;
}

GuardRequest Message(int64_t now, const std::string& sender, int64_t limit, int64_t window) {
  GuardRequest r;
  r.now = now;
  r.sender = sender;
  r.counters.push_back({"rate:sender:m|" + std::to_string(window) + "|" + sender, Window::Of(window), 1, limit, true});
  r.counters.push_back({"volume|3600|" + sender, Window::Of(3600), 1, 0, false});
  return r;
}

}  // namespace

TEST_CASE("the Redis store gives the SQLite store's replies" * doctest::skip(!HaveRedis())) {
  RedisServer server;
  RedisGuardStore redis(SettingsFor(server.port()));
  REQUIRE(WaitReady(redis));
  std::string error;
  auto sqlite = SqliteGuardStore::Open(":memory:", &error);
  REQUIRE(sqlite);
  const int64_t t0 = 1'800'000'000;
  // Limits at both window kinds, across their boundaries, bad decisions, a trip and a release.
  std::vector<GuardRequest> sequence;
  for (int64_t dt : {0, 0, 0, 30, 60, 61, 3599, 3600, 3659, 3660}) {
    sequence.push_back(Message(t0 + dt, "a", 3, 60));
    sequence.push_back(Message(t0 + dt, "b", 2, 3600));
  }
  for (int i = 0; i < 4; ++i) {
    GuardRequest r = Message(t0 + 4000 + i * 100, "c", 0, 60);
    r.event = {"<" + std::to_string(i) + "@x>", 9, true, i % 2 == 0};
    r.bad_window = 250;
    sequence.push_back(r);
  }
  for (GuardStore* s : {static_cast<GuardStore*>(&redis), static_cast<GuardStore*>(sqlite.get())}) {
    REQUIRE(s->Put({"c", true, t0 + 4300, t0 + 5000, "tripped", {"<1@x>"}}, &error));
  }
  sequence.push_back(Message(t0 + 4400, "c", 0, 60));
  sequence.push_back(Message(t0 + 5000, "c", 0, 60));
  for (size_t i = 0; i < sequence.size(); ++i) {
    GuardReply a, b;
    REQUIRE_MESSAGE(redis.Process(sequence[i], &a, &error), error);
    REQUIRE(sqlite->Process(sequence[i], &b, &error));
    INFO("message " << i << " at +" << sequence[i].now - t0 << " from " << sequence[i].sender);
    CHECK(a.admitted == b.admitted);
    CHECK(a.counts == b.counts);
    CHECK(a.over == b.over);
    CHECK(a.bad_count == b.bad_count);
    CHECK(a.bad_ids == b.bad_ids);
    CHECK(a.high_score_senders == b.high_score_senders);
    CHECK(a.sender_breaker.has_value() == b.sender_breaker.has_value());
    if (a.sender_breaker && b.sender_breaker) {
      CHECK(a.sender_breaker->reason == b.sender_breaker->reason);
      CHECK(a.sender_breaker->message_ids == b.sender_breaker->message_ids);
    }
  }
  for (GuardStore* s : {static_cast<GuardStore*>(&redis), static_cast<GuardStore*>(sqlite.get())}) {
    bool written = false;
    REQUIRE(s->TripOnce({"d", true, t0 + 6000, t0 + 7000, "first", {}}, &written, &error));
    CHECK(written);
    REQUIRE(s->TripOnce({"d", true, t0 + 6500, 0, "again", {}}, &written, &error));
    CHECK_FALSE(written);  // tripped until +7000
    REQUIRE(s->TripOnce({"d", true, t0 + 7000, 0, "after", {}}, &written, &error));
    CHECK(written);
  }
  StoreStatus from_redis, from_sqlite;
  REQUIRE(redis.Status(t0 + 7400, 10, &from_redis, &error));
  REQUIRE(sqlite->Status(t0 + 7400, 10, &from_sqlite, &error));
  REQUIRE(from_redis.top_volume.size() == 1);  // a and b (last at +3660, one bucket late: +7319) have left the hour
  CHECK(from_redis.top_volume[0].key == "c");
  CHECK(from_redis.top_volume[0].count == from_sqlite.top_volume[0].count);
}

TEST_CASE("a dead Redis fails within the timeouts, then fast, and recovers" * doctest::skip(!HaveRedis())) {
  RedisServer server;
  RedisSettings settings = SettingsFor(server.port());
  RedisGuardStore redis(settings);
  REQUIRE(WaitReady(redis));
  server.Stop();
  std::string error;
  GuardReply reply;
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(redis.Process(Message(1000, "a", 5, 60), &reply, &error));
  CHECK_FALSE(redis.Process(Message(1000, "a", 5, 60), &reply, &error));  // held off: no new attempt
  CHECK(error.find("redis unavailable") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
