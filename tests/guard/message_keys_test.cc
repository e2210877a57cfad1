#include "guard/message_keys.h"

#include <doctest/doctest.h>

using namespace ohm;

namespace {

Envelope Env(std::string auth, std::string from, size_t rcpts = 1) {
  Envelope e;
  e.auth_user = std::move(auth);
  e.mail_from = std::move(from);
  e.client_addr = "192.0.2.7";
  for (size_t i = 0; i < rcpts; ++i) e.rcpt_to.push_back("r" + std::to_string(i) + "@example.net");
  return e;
}

}  // namespace

TEST_CASE("the breaker follows the SASL user, else the envelope sender, lower-case") {
  CHECK(BreakerIdentity(Env("Alice", "bob@Example.com")) == "alice");
  CHECK(BreakerIdentity(Env("", "Bob@Example.com")) == "bob@example.com");
  CHECK(BreakerIdentity(Env("", "")) == "<>");
  CHECK(NormalizeIdentity("Bob@Example.COM") == "bob@example.com");
  CHECK(NormalizeIdentity("*") == "*");
  CHECK(BreakerIdentity(Env("", std::string(5000, 'a'))).size() == 320);
}

TEST_CASE("each class has its key, or none") {
  Envelope e = Env("", "Bob@Mail.Example.com");
  CHECK(ClassKey(KeyClass::kUser, e).empty());
  CHECK(ClassKey(KeyClass::kSender, e) == "bob@mail.example.com");
  CHECK(ClassKey(KeyClass::kDomain, e) == "mail.example.com");
  CHECK(ClassKey(KeyClass::kClient, e) == "192.0.2.7");
  CHECK(ClassKey(KeyClass::kServer, e) == "*");
  CHECK(ClassKey(KeyClass::kDomain, Env("", "")).empty());
}

TEST_CASE("limits plan one counter per counted thing; overrides replace the counts of one key") {
  GuardSettings s;
  s.limits.push_back({KeyClass::kUser, 3600, 100, 1000, Action::kTempfail});
  s.limits.push_back({KeyClass::kDomain, 60, 0, 50, Action::kHold});
  s.overrides.push_back({KeyClass::kUser, "news", 0, 5000, std::nullopt});
  std::vector<CounterUpdate> counters;
  std::vector<PlannedLimit> planned;

  PlanRateCounters(s, Env("alice", "alice@example.com", 3), &counters, &planned);
  REQUIRE(counters.size() == 3);
  REQUIRE(planned.size() == 3);
  CHECK(counters[0].key == "rate:user:m|3600|alice");
  CHECK(counters[0].add == 1);
  CHECK(counters[0].limit == 100);
  CHECK(counters[0].blocks);
  CHECK(counters[1].key == "rate:user:r|3600|alice");
  CHECK(counters[1].add == 3);
  CHECK(counters[2].key == "rate:domain:r|60|example.com");
  CHECK_FALSE(counters[2].blocks);  // a hold limit counts the message anyway
  CHECK(LimitHitName(planned[0]) == "GUARD_RATE_USER_HOUR");
  CHECK(LimitHitName(planned[1]) == "GUARD_RCPT_USER_HOUR");
  CHECK(LimitHitName(planned[2]) == "GUARD_RCPT_DOMAIN_MINUTE");

  counters.clear();
  planned.clear();
  PlanRateCounters(s, Env("News", "news@example.com"), &counters, &planned);
  REQUIRE(counters.size() == 3);
  CHECK(counters[0].limit == 5000);
  CHECK(counters[1].limit == 1000);  // not overridden

  counters.clear();
  planned.clear();
  PlanRateCounters(s, Env("", "x@example.com"), &counters, &planned);
  REQUIRE(counters.size() == 1);  // no user key when not authenticated
  CHECK(counters[0].key == "rate:domain:r|60|example.com");
}
