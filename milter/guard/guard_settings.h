// The [guard] table of the configuration: rate limits per key class, the
// outbreak breaker's trip conditions, and where the guard keeps its state.
// Every key is documented in README.md ("Configuration reference").
#ifndef OHM_GUARD_GUARD_SETTINGS_H_
#define OHM_GUARD_GUARD_SETTINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/verdict.h"

namespace ohm {

// What a rate limit counts by.
enum class KeyClass { kUser, kSender, kDomain, kClient, kServer };

// "user", "sender", "domain", "client", "server".
std::string_view KeyClassName(KeyClass key_class);
std::optional<KeyClass> ParseKeyClass(std::string_view name);

// One [[guard.limit]]: at most `messages` messages and `recipients` recipients
// per `window` seconds for each key of `key_class` (0 = that count unlimited).
struct RateLimit {
  KeyClass key_class = KeyClass::kSender;
  int64_t window = 3600;
  int64_t messages = 0;
  int64_t recipients = 0;
  Action action = Action::kTempfail;  // kTempfail (451 4.7.1) or kHold
};

// One [[guard.override]]: other counts for one key (a newsletter account).
// window 0 applies to every window of the class; an unset count keeps the limit's.
struct RateOverride {
  KeyClass key_class = KeyClass::kUser;
  std::string key;  // compared lower-case
  int64_t window = 0;
  std::optional<int64_t> messages;
  std::optional<int64_t> recipients;
};

struct BreakerSettings {
  // Held or rejected (by score) messages of one sender within bad_window
  // seconds that trip its breaker; 0 turns this condition off.
  int64_t bad_count = 5;
  int64_t bad_window = 600;
  // A sender whose messages in the last hour reach rise_min_messages and
  // exceed rise_factor x its average hourly count over the 23 hours before
  // trips its breaker; rise_factor 0 turns this condition off.
  double rise_factor = 20;
  int64_t rise_min_messages = 100;
  // Seconds a tripped breaker holds mail before it resets by itself (0: until released).
  int64_t cool_down = 3600;
  // Messages scoring at least server_score from server_senders distinct
  // senders within server_window seconds trip the server-wide breaker
  // (all outbound mail held); server_senders 0 turns it off.
  double server_score = 8;
  int64_t server_senders = 10;
  int64_t server_window = 600;
};

struct RedisSettings {
  std::vector<std::string> endpoints = {"127.0.0.1:6379"};  // HOST:PORT or unix:/path, tried in order
  int connect_timeout_ms = 200;
  int command_timeout_ms = 200;
  std::string prefix = "ohm:guard:";
  std::string password;  // AUTH when not empty
};

struct GuardSettings {
  bool enabled = false;
  std::string store = "sqlite";                     // "sqlite" or "redis"
  std::string state_path = "/var/lib/ohm/guard.sqlite";
  std::string alert_file;                            // JSON line per trip; "" = none
  Action on_store_error = Action::kAccept;           // kAccept (fail open) or kTempfail (fail closed)
  std::vector<RateLimit> limits;
  std::vector<RateOverride> overrides;
  BreakerSettings breaker;
  RedisSettings redis;
};

// Reads the [guard] table (null: all defaults) into *settings. Unknown keys,
// wrong types and out-of-range values are appended to *errors as
// "file:line: message"; returns true when none was found.
bool ParseGuardSettings(const toml::table* table, const std::string& source, GuardSettings* settings,
                        std::vector<std::string>* errors);

}  // namespace ohm

#endif  // OHM_GUARD_GUARD_SETTINGS_H_
