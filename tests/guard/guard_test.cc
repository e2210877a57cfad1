#include "guard/guard.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "guard/sqlite_store.h"
#include "manual_clock.h"

using namespace ohm;

namespace {

// A guard on a private in-memory store and a hand-moved clock, its log captured.
struct Fixture {
  explicit Fixture(GuardSettings s = Defaults()) : clock(1'800'000'000) {
    std::string error;
    store = SqliteGuardStore::Open(":memory:", &error);
    REQUIRE_MESSAGE(store, error);
    log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text));
    guard = std::make_unique<Guard>(s, store.get(), &clock, log);
  }

  static GuardSettings Defaults() {
    GuardSettings s;
    s.enabled = true;
    return s;
  }

  Verdict Send(const std::string& auth, const std::string& id, Action content = Action::kAccept, double score = 0,
               size_t rcpts = 1) {
    Envelope e;
    e.auth_user = auth;
    e.mail_from = auth + "@example.com";
    e.client_addr = "192.0.2.1";
    for (size_t i = 0; i < rcpts; ++i) e.rcpt_to.push_back("r@example.net");
    Verdict v;
    v.action = content;
    v.score = score;
    guard->Apply(e, id, &v);
    return v;
  }

  ManualClock clock;
  std::unique_ptr<SqliteGuardStore> store;
  std::ostringstream log_text;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<Guard> guard;
};

bool HasHit(const Verdict& v, const std::string& name) {
  for (const RuleHit& h : v.hits)
    if (h.name == name) return true;
  return false;
}

// A store that always fails, for on_store_error.
class BrokenStore : public GuardStore {
 public:
  bool Process(const GuardRequest&, GuardReply*, std::string* error) override { *error = "store down"; return false; }
  bool Put(const BreakerState&, std::string* error) override { *error = "store down"; return false; }
  bool TripOnce(const BreakerState&, bool*, std::string* error) override { *error = "store down"; return false; }
  bool Status(int64_t, size_t, StoreStatus*, std::string* error) override { *error = "store down"; return false; }
};

}  // namespace

TEST_CASE("a rate limit tempfails the message over it, naming the limit, and frees up when the window moves") {
  GuardSettings s = Fixture::Defaults();
  s.limits.push_back({KeyClass::kUser, 3600, 3, 0, Action::kTempfail});
  Fixture f(s);
  for (int i = 0; i < 3; ++i) CHECK(f.Send("alice", "<a" + std::to_string(i) + "@x>").action == Action::kAccept);
  Verdict over = f.Send("alice", "<a3@x>");
  CHECK(over.action == Action::kTempfail);
  CHECK(HasHit(over, "GUARD_RATE_USER_HOUR"));
  CHECK(over.action_reason == "rate limit GUARD_RATE_USER_HOUR (3 messages per 3600s for authenticated user alice)");
  CHECK(over.hits[0].detail == "3 + 1 messages in the window, limit 3");
  CHECK(over.score == 0);  // guard hits score nothing
  CHECK(f.Send("bob", "<b@x>").action == Action::kAccept);  // another user is not limited
  // All three were sent in one bucket; they count for at least an hour, less than an hour and a minute.
  f.clock.Advance(3600);
  CHECK(f.Send("alice", "<a4@x>").action == Action::kTempfail);
  f.clock.Advance(60);
  CHECK(f.Send("alice", "<a5@x>").action == Action::kAccept);
}

TEST_CASE("a recipient limit counts recipients; a hold limit holds and counts") {
  GuardSettings s = Fixture::Defaults();
  s.limits.push_back({KeyClass::kServer, 60, 0, 10, Action::kHold});
  Fixture f(s);
  CHECK(f.Send("a", "<1@x>", Action::kAccept, 0, 6).action == Action::kAccept);
  Verdict v = f.Send("b", "<2@x>", Action::kTag, 4, 5);
  CHECK(v.action == Action::kHold);
  CHECK(HasHit(v, "GUARD_RCPT_SERVER_MINUTE"));
  CHECK(v.action_reason == "rate limit GUARD_RCPT_SERVER_MINUTE (10 recipients per 60s for the whole server)");
  // Held messages are counted: the next one is over too.
  CHECK(f.Send("c", "<3@x>").action == Action::kHold);
}

TEST_CASE("five held or rejected messages trip the sender's breaker; its later clean mail is held, others flow") {
  Fixture f;
  for (int i = 0; i < 4; ++i) {
    Verdict v = f.Send("mallory", "<m" + std::to_string(i) + "@x>", Action::kHold, 9);
    CHECK(v.action == Action::kHold);
    CHECK_FALSE(HasHit(v, "GUARD_BREAKER_SENDER"));
    f.clock.Advance(60);
  }
  Verdict fifth = f.Send("mallory", "<m4@x>", Action::kReject, 20);
  CHECK(fifth.action == Action::kReject);  // the guard never softens a decision
  CHECK(HasHit(fifth, "GUARD_BREAKER_SENDER"));
  std::string alert = f.log_text.str();
  CHECK(alert.find("ALERT: sender breaker TRIPPED for mallory: 5 held or rejected messages in 600s") != std::string::npos);
  CHECK(alert.find("<m4@x> <m3@x> <m2@x> <m1@x> <m0@x>") != std::string::npos);

  Verdict clean = f.Send("mallory", "<m5@x>");
  CHECK(clean.action == Action::kHold);
  CHECK(clean.action_reason.find("GUARD_BREAKER_SENDER: breaker tripped for mallory") == 0);
  CHECK(f.Send("alice", "<a@x>").action == Action::kAccept);

  // The cool-down (3600 s) ends the hold by itself.
  f.clock.Advance(3600);
  CHECK(f.Send("mallory", "<m6@x>").action == Action::kAccept);
}

TEST_CASE("a release lets the sender's mail flow at once and forgets the evidence") {
  GuardSettings s = Fixture::Defaults();
  s.breaker.cool_down = 0;  // until released
  Fixture f(s);
  for (int i = 0; i < 5; ++i) f.Send("mallory", "<m" + std::to_string(i) + "@x>", Action::kHold, 9);
  f.clock.Advance(86400 * 2);
  CHECK(f.Send("mallory", "<later@x>").action == Action::kHold);
  std::string error;
  REQUIRE(f.store->Put({"mallory", false, f.clock.NowSeconds(), f.clock.NowSeconds() + 3600, "released", {}}, &error));
  CHECK(f.Send("mallory", "<after@x>").action == Action::kAccept);
  // One more bad message does not trip again on the old evidence.
  CHECK_FALSE(HasHit(f.Send("mallory", "<bad@x>", Action::kHold, 9), "GUARD_BREAKER_SENDER"));
}

TEST_CASE("a sudden rise in volume trips the breaker") {
  GuardSettings s = Fixture::Defaults();
  s.breaker.rise_factor = 10;
  s.breaker.rise_min_messages = 20;
  Fixture f(s);
  // Usual: 1 message an hour for 23 hours.
  for (int h = 0; h < 23; ++h) {
    CHECK(f.Send("news", "<n" + std::to_string(h) + "@x>").action == Action::kAccept);
    f.clock.Advance(3600);
  }
  f.clock.Advance(60);  // the last hourly message is out of the hour window (one bucket late, see window.h)
  Verdict v;
  int sent = 0;
  while (!HasHit(v, "GUARD_BREAKER_SENDER") && sent < 100) {
    v = f.Send("news", "<burst" + std::to_string(sent) + "@x>");
    ++sent;
  }
  CHECK(sent == 20);  // the 20th reaches rise_min_messages and is over 10 x 1
  CHECK(v.action == Action::kHold);
  CHECK(f.log_text.str().find("20 messages in the last hour, over 10x its usual 1 per hour") != std::string::npos);
}

TEST_CASE("high-score mail from many senders trips the server-wide breaker: all mail is held") {
  GuardSettings s = Fixture::Defaults();
  s.breaker.server_senders = 3;
  s.breaker.server_score = 8;
  char dir[] = "/tmp/ohm-guard-alert-XXXXXX";
  REQUIRE(mkdtemp(dir));
  s.alert_file = std::string(dir) + "/alerts.jsonl";
  Fixture f(s);
  CHECK(f.Send("a", "<a@x>", Action::kHold, 9).action == Action::kHold);
  CHECK(f.Send("b", "<b@x>", Action::kTag, 7).action == Action::kTag);  // under server_score
  CHECK(f.Send("c", "<c@x>", Action::kHold, 8).action == Action::kHold);
  Verdict third = f.Send("d", "<d@x>", Action::kHold, 12);
  CHECK(HasHit(third, "GUARD_BREAKER_SERVER"));
  Verdict anyone = f.Send("zoe", "<z@x>");
  CHECK(anyone.action == Action::kHold);
  CHECK(HasHit(anyone, "GUARD_BREAKER_SERVER"));
  std::ifstream in(s.alert_file);
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK(line.find("\"event\":\"breaker_tripped\"") != std::string::npos);
  CHECK(line.find("\"sender\":\"*\"") != std::string::npos);
  CHECK(line.find("<d@x>") != std::string::npos);
  std::system(("rm -rf " + std::string(dir)).c_str());
}

TEST_CASE("a failing store fails open or closed as configured, never silently") {
  BrokenStore broken;
  ManualClock clock(0);
  std::ostringstream text;
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
  GuardSettings s = Fixture::Defaults();
  Guard open(s, &broken, &clock, log);
  Envelope e;
  e.mail_from = "a@example.com";
  Verdict v;
  open.Apply(e, "<1@x>", &v);
  CHECK(v.action == Action::kAccept);
  CHECK(HasHit(v, "GUARD_STORE_FAILED"));
  CHECK(v.notes.at(0) == "guard: state store failed (1 since start); message passed without rate limits or breakers");
  CHECK(text.str().find("store down") != std::string::npos);

  s.on_store_error = Action::kTempfail;
  Guard closed(s, &broken, &clock, log);
  Verdict w;
  closed.Apply(e, "<2@x>", &w);
  CHECK(w.action == Action::kTempfail);
  CHECK(w.action_reason == "volume guard state unavailable");
}

TEST_CASE("escalation only makes the action stricter") {
  Verdict v;
  v.action = Action::kReject;
  v.action_reason = "content";
  Escalate(&v, Action::kHold, "guard");
  CHECK(v.action == Action::kReject);
  CHECK(v.action_reason == "content");
  v.action = Action::kTag;
  Escalate(&v, Action::kTempfail, "limit");
  CHECK(v.action == Action::kTempfail);
  CHECK(v.action_reason == "limit");
}
