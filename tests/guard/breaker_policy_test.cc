#include "guard/breaker_policy.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("the sender breaker trips on the Nth held or rejected message, with its evidence") {
  BreakerSettings b;  // 5 in 600 s, cool-down 3600 s
  SenderActivity a;
  a.bad = true;
  a.bad_count = 4;
  CHECK_FALSE(SenderTrip(b, "alice", a, {"<1@x>"}, 1000));
  a.bad_count = 5;
  auto trip = SenderTrip(b, "alice", a, {"<5@x>", "<4@x>"}, 1000);
  REQUIRE(trip);
  CHECK(trip->tripped);
  CHECK(trip->sender == "alice");
  CHECK(trip->since == 1000);
  CHECK(trip->until == 4600);
  CHECK(trip->reason == "5 held or rejected messages in 600s (trips at 5)");
  CHECK(trip->message_ids == std::vector<std::string>{"<5@x>", "<4@x>"});
  // A clean message never trips on old bad counts.
  a.bad = false;
  CHECK_FALSE(SenderTrip(b, "alice", a, {}, 1000));
  // bad_count 0 turns the condition off; cool_down 0 holds until released.
  b.bad_count = 0;
  a.bad = true;
  CHECK_FALSE(SenderTrip(b, "alice", a, {}, 1000));
  b.bad_count = 5;
  b.cool_down = 0;
  CHECK(SenderTrip(b, "alice", a, {}, 1000)->until == 0);
}

TEST_CASE("the volume-rise condition compares the last hour with the 23 before") {
  BreakerSettings b;  // factor 20, at least 100 messages
  SenderActivity a;
  a.hour_messages = 99;
  a.day_messages = 99;
  CHECK_FALSE(SenderTrip(b, "s", a, {}, 0));  // under the minimum
  a.hour_messages = 100;
  a.day_messages = 100;
  auto trip = SenderTrip(b, "s", a, {"<m@x>"}, 0);  // a new sender: usual rate 0
  REQUIRE(trip);
  CHECK(trip->reason == "100 messages in the last hour, over 20x its usual 0 per hour");
  // Usual 5 per hour (115 in the 23 hours before): trips above 100, not at it.
  a.hour_messages = 100;
  a.day_messages = 215;
  CHECK_FALSE(SenderTrip(b, "s", a, {}, 0));
  a.hour_messages = 101;
  a.day_messages = 216;
  CHECK(SenderTrip(b, "s", a, {}, 0));
  // Not during a release's grace period, and not when off.
  a.recently_released = true;
  CHECK_FALSE(SenderTrip(b, "s", a, {}, 0));
  a.recently_released = false;
  b.rise_factor = 0;
  CHECK_FALSE(SenderTrip(b, "s", a, {}, 0));
}

TEST_CASE("the server breaker trips on enough distinct high-score senders") {
  BreakerSettings b;  // 10 senders in 600 s
  CHECK_FALSE(ServerTrip(b, true, 9, {}, 50));
  CHECK_FALSE(ServerTrip(b, false, 10, {}, 50));
  auto trip = ServerTrip(b, true, 10, {"<a@x>"}, 50);
  REQUIRE(trip);
  CHECK(trip->sender == "*");
  CHECK(trip->reason == "10 distinct senders of mail scoring 8 or more in 600s (trips at 10)");
  b.server_senders = 0;
  CHECK_FALSE(ServerTrip(b, true, 1000, {}, 50));
}

TEST_CASE("manual rows") {
  BreakerState t = ManualTrip("bob", 10);
  CHECK(t.tripped);
  CHECK(t.until == 0);
  BreakerState r = Release("bob", 10, 3600);
  CHECK_FALSE(r.tripped);
  CHECK(r.until == 3610);
  CHECK(r.InForce(3609));
  CHECK_FALSE(r.InForce(3610));
}
