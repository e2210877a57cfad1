#include "guard/sqlite_store.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

using namespace ohm;

namespace {

std::unique_ptr<SqliteGuardStore> Memory() {
  std::string error;
  auto s = SqliteGuardStore::Open(":memory:", &error);
  REQUIRE_MESSAGE(s, error);
  return s;
}

GuardRequest Message(int64_t now, const std::string& sender, int64_t limit, bool blocks = true) {
  GuardRequest r;
  r.now = now;
  r.sender = sender;
  r.counters.push_back({"rate:sender:m|60|" + sender, Window::Of(60), 1, limit, blocks});
  return r;
}

GuardReply Process(GuardStore& store, const GuardRequest& r) {
  GuardReply reply;
  std::string error;
  REQUIRE_MESSAGE(store.Process(r, &reply, &error), error);
  return reply;
}

}  // namespace

TEST_CASE("a blocking limit admits up to the limit, then counts nothing until the window moves") {
  auto store = Memory();
  for (int i = 1; i <= 3; ++i) {
    GuardReply r = Process(*store, Message(1000, "a", 3));
    CHECK(r.admitted);
    CHECK(r.counts[0] == i);
  }
  GuardReply over = Process(*store, Message(1030, "a", 3));
  CHECK_FALSE(over.admitted);
  CHECK(over.over[0]);
  CHECK(over.counts[0] == 3);  // the refused message was not counted
  CHECK_FALSE(Process(*store, Message(1060, "a", 3)).admitted);  // the window is [now - 60, now]
  GuardReply later = Process(*store, Message(1061, "a", 3));
  CHECK(later.admitted);
  CHECK(later.counts[0] == 1);
  // Another key has its own count.
  CHECK(Process(*store, Message(1030, "b", 3)).counts[0] == 1);
}

TEST_CASE("a non-blocking (hold) limit reports over and still counts") {
  auto store = Memory();
  Process(*store, Message(0, "a", 1, false));
  GuardReply r = Process(*store, Message(0, "a", 1, false));
  CHECK(r.admitted);
  CHECK(r.over[0]);
  CHECK(r.counts[0] == 2);
}

TEST_CASE("bad decisions are counted per sender over the window, newest evidence first") {
  auto store = Memory();
  for (int i = 0; i < 4; ++i) {
    GuardRequest r = Message(100 + i * 100, "a", 0);
    r.event = {"<" + std::to_string(i) + "@x>", 9, true, false};
    r.bad_window = 250;
    GuardReply reply = Process(*store, r);
    CHECK(reply.bad_count == (i == 0 ? 1 : i == 1 ? 2 : 3));
    CHECK(reply.bad_ids.front() == "<" + std::to_string(i) + "@x>");
  }
}

TEST_CASE("distinct high-score senders are counted for the server breaker") {
  auto store = Memory();
  GuardReply reply;
  for (const char* sender : {"a", "b", "a", "c"}) {
    GuardRequest r = Message(10, sender, 0);
    r.event = {std::string("<") + sender + "@x>", 12, false, true};
    reply = Process(*store, r);
  }
  CHECK(reply.high_score_senders == 3);
  CHECK(reply.high_score_ids.size() == 4);
}

TEST_CASE("breaker rows: in force until their end; a release forgets the sender's decisions") {
  auto store = Memory();
  std::string error;
  BreakerState trip{"a", true, 100, 200, "test", {"<1@x>", "<2@x>"}};
  REQUIRE(store->Put(trip, &error));
  GuardReply r = Process(*store, Message(150, "a", 0));
  REQUIRE(r.sender_breaker);
  CHECK(r.sender_breaker->message_ids == trip.message_ids);
  CHECK_FALSE(r.server_breaker);
  CHECK_FALSE(Process(*store, Message(150, "b", 0)).sender_breaker);
  CHECK_FALSE(Process(*store, Message(200, "a", 0)).sender_breaker);  // cooled down

  GuardRequest bad = Message(300, "a", 0);
  bad.event = {"<3@x>", 9, true, false};
  CHECK(Process(*store, bad).bad_count == 1);
  REQUIRE(store->Put({"a", false, 301, 4000, "released", {}}, &error));
  bad.now = 302;
  GuardReply after = Process(*store, bad);
  CHECK(after.bad_count == 1);  // only the new one
  REQUIRE(after.sender_breaker);
  CHECK_FALSE(after.sender_breaker->tripped);

  REQUIRE(store->Put({"*", true, 302, 0, "server", {}}, &error));
  CHECK(Process(*store, Message(100000, "z", 0)).server_breaker);
}

TEST_CASE("status lists counters, top senders and breakers") {
  auto store = Memory();
  for (int i = 0; i < 3; ++i) {
    GuardRequest r = Message(500, "a", 10);
    r.counters.push_back({"volume|3600|a", Window::Of(3600), 1, 0, false});
    r.counters.push_back({"score|3600|a", Window::Of(3600), 250, 0, false});
    Process(*store, r);
  }
  GuardRequest r = Message(500, "b", 10);
  r.counters.push_back({"volume|3600|b", Window::Of(3600), 1, 0, false});
  Process(*store, r);
  std::string error;
  StoreStatus st;
  REQUIRE(store->Status(510, 10, &st, &error));
  REQUIRE(st.top_volume.size() == 2);
  CHECK(st.top_volume[0].key == "a");
  CHECK(st.top_volume[0].count == 3);
  REQUIRE(st.top_score.size() == 1);
  CHECK(st.top_score[0].count == 750);
  REQUIRE(st.counters.size() == 2);
  CHECK(st.counters[0].key == "rate:sender:m|60|a");
  CHECK(st.counters[0].count == 3);
  REQUIRE(store->Status(4200, 10, &st, &error));
  CHECK(st.top_volume.empty());  // past the hour
  CHECK(CounterKeyWindow("rate:user:m|3600|x|y") == 3600);
  CHECK(CounterKeyWindow("bad") == 0);
}

TEST_CASE("state survives closing and reopening the file") {
  char dir[] = "/tmp/ohm-guard-test-XXXXXX";
  REQUIRE(mkdtemp(dir));
  std::string path = std::string(dir) + "/guard.sqlite";
  std::string error;
  {
    auto store = SqliteGuardStore::Open(path, &error);
    REQUIRE_MESSAGE(store, error);
    Process(*store, Message(1000, "a", 2));
    Process(*store, Message(1000, "a", 2));
    REQUIRE(store->Put({"a", true, 1000, 0, "persisted", {"<p@x>"}}, &error));
  }
  {
    auto store = SqliteGuardStore::Open(path, &error);
    REQUIRE_MESSAGE(store, error);
    GuardReply r = Process(*store, Message(1010, "a", 2));
    CHECK_FALSE(r.admitted);
    REQUIRE(r.sender_breaker);
    CHECK(r.sender_breaker->reason == "persisted");
  }
  std::system(("rm -rf " + std::string(dir)).c_str());
}

TEST_CASE("an unwritable path fails to open with the path in the error") {
  std::string error;
  CHECK_FALSE(SqliteGuardStore::Open("/nonexistent-dir/x/guard.sqlite", &error));
  CHECK(error.find("/nonexistent-dir/x/guard.sqlite") != std::string::npos);
}

TEST_CASE("TripOnce writes a trip only when no trip is in force, so one outbreak alerts once") {
  auto store = Memory();
  std::string error;
  bool written = false;
  REQUIRE(store->TripOnce({"a", true, 100, 700, "first", {}}, &written, &error));
  CHECK(written);
  REQUIRE(store->TripOnce({"a", true, 101, 701, "second", {}}, &written, &error));
  CHECK_FALSE(written);
  CHECK(Process(*store, Message(102, "a", 0)).sender_breaker->reason == "first");
  REQUIRE(store->TripOnce({"a", true, 700, 1300, "after cool-down", {}}, &written, &error));
  CHECK(written);
  REQUIRE(store->Put({"b", false, 100, 4000, "released", {}}, &error));
  REQUIRE(store->TripOnce({"b", true, 200, 0, "tripped after release", {}}, &written, &error));
  CHECK(written);
}
