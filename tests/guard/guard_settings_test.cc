#include "guard/guard_settings.h"

#include "config/config.h"

#include <doctest/doctest.h>

using namespace ohm;

namespace {

std::vector<std::string> Parse(std::string_view text, GuardSettings* s) {
  toml::table root = toml::parse(text, std::string_view("t.toml"));
  std::vector<std::string> errors;
  ParseGuardSettings(root["guard"].as_table(), "t.toml", s, &errors);
  return errors;
}

}  // namespace

TEST_CASE("no [guard] table: the guard is off, with the documented defaults") {
  GuardSettings s;
  std::vector<std::string> errors;
  CHECK(ParseGuardSettings(nullptr, "x", &s, &errors));
  CHECK_FALSE(s.enabled);
  CHECK(s.store == "sqlite");
  CHECK(s.state_path == "/var/lib/ohm/guard.sqlite");
  CHECK(s.on_store_error == Action::kAccept);
  CHECK(s.limits.empty());
  CHECK(s.breaker.bad_count == 5);
  CHECK(s.breaker.bad_window == 600);
  CHECK(s.breaker.cool_down == 3600);
}

TEST_CASE("limits, overrides, breaker and redis are read") {
  GuardSettings s;
  auto errors = Parse(R"(
[guard]
enabled = true
state_path = "/tmp/g.sqlite"
alert_file = "/tmp/alerts.jsonl"
on_store_error = "tempfail"
[[guard.limit]]
class = "user"
window = 3600
messages = 100
recipients = 1000
[[guard.limit]]
class = "server"
window = 60
messages = 500
action = "hold"
[[guard.override]]
class = "user"
key = "News@Example.com"
messages = 5000
[guard.breaker]
bad_count = 3
rise_factor = 0
[guard.redis]
endpoints = ["10.0.0.1:6379", "unix:/run/redis.sock"]
command_timeout_ms = 50
)", &s);
  REQUIRE(errors.empty());
  CHECK(s.enabled);
  CHECK(s.on_store_error == Action::kTempfail);
  REQUIRE(s.limits.size() == 2);
  CHECK(s.limits[0].key_class == KeyClass::kUser);
  CHECK(s.limits[0].recipients == 1000);
  CHECK(s.limits[0].action == Action::kTempfail);
  CHECK(s.limits[1].action == Action::kHold);
  REQUIRE(s.overrides.size() == 1);
  CHECK(s.overrides[0].key == "news@example.com");
  CHECK(s.overrides[0].messages == 5000);
  CHECK_FALSE(s.overrides[0].recipients.has_value());
  CHECK(s.breaker.bad_count == 3);
  CHECK(s.breaker.rise_factor == 0);
  CHECK(s.redis.endpoints.size() == 2);
  CHECK(s.redis.command_timeout_ms == 50);
}

TEST_CASE("errors name the file, line and key") {
  GuardSettings s;
  auto errors = Parse(R"([guard]
enabled = "yes"
store = "memcached"
state_path = "relative.db"
[[guard.limit]]
class = "planet"
window = 0
action = "reject"
typo = 1
)", &s);
  CHECK(errors.size() == 8);
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  CHECK(all.find("t.toml:2: guard.enabled must be true or false") != std::string::npos);
  CHECK(all.find("t.toml:3: guard.store must be") != std::string::npos);
  CHECK(all.find("t.toml:4: guard.state_path must be an absolute") != std::string::npos);
  CHECK(all.find("t.toml:8: guard.limit.action must be \"tempfail\" or \"hold\"") != std::string::npos);
  CHECK(all.find("needs a 'class'") != std::string::npos);
  CHECK(all.find("guard.limit.class must be one of") != std::string::npos);
  CHECK(all.find("guard.limit.window must be between 1") != std::string::npos);
  CHECK(all.find("unknown key 'guard.limit.typo'") != std::string::npos);
}

TEST_CASE("the embedded conf/ohm.toml [guard] says exactly the built-in defaults") {
  Config config;
  REQUIRE(LoadConfig("", &config).empty());
  REQUIRE(config.guard);
  GuardSettings embedded, defaults;
  std::vector<std::string> errors;
  REQUIRE(ParseGuardSettings(config.guard.get(), config.source, &embedded, &errors));
  CHECK(embedded.enabled == defaults.enabled);
  CHECK(embedded.store == defaults.store);
  CHECK(embedded.state_path == defaults.state_path);
  CHECK(embedded.alert_file == defaults.alert_file);
  CHECK(embedded.on_store_error == defaults.on_store_error);
  CHECK(embedded.limits.empty());
  CHECK(embedded.overrides.empty());
  const BreakerSettings& a = embedded.breaker;
  const BreakerSettings& b = defaults.breaker;
  CHECK(a.bad_count == b.bad_count);
  CHECK(a.bad_window == b.bad_window);
  CHECK(a.rise_factor == b.rise_factor);
  CHECK(a.rise_min_messages == b.rise_min_messages);
  CHECK(a.cool_down == b.cool_down);
  CHECK(a.server_score == b.server_score);
  CHECK(a.server_senders == b.server_senders);
  CHECK(a.server_window == b.server_window);
  CHECK(embedded.redis.endpoints == defaults.redis.endpoints);
  CHECK(embedded.redis.connect_timeout_ms == defaults.redis.connect_timeout_ms);
  CHECK(embedded.redis.command_timeout_ms == defaults.redis.command_timeout_ms);
  CHECK(embedded.redis.prefix == defaults.redis.prefix);
  CHECK(embedded.redis.password == defaults.redis.password);
}
