// `ohm guard status|release|trip`: the volume guard's state as the daemon
// keeps it (the same SQLite file or Redis), read and changed while the daemon
// runs; the daemon reads breaker rows on every message, so a release or a
// manual trip applies to the next message without a restart or SIGHUP.
#ifndef OHM_CLI_GUARD_COMMAND_H_
#define OHM_CLI_GUARD_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "guard/guard_store.h"

namespace ohm {

// Adds "guard" with "status [--json] [--top N]" (exit 0; 66 when there is no
// state yet), "release SENDER" and "trip SENDER" (exit 0; SENDER "*" is the
// server-wide breaker); 78 for configuration errors, 69 when the store fails.
void AddGuardCommand(CLI::App& app, const std::string* config_path, int* exit_code);

// The status as `ohm guard status --json` prints it: {"breakers": [{"sender",
// "tripped", "since", "until", "reason", "message_ids"}], "top_volume":
// [{"sender", "messages"}], "top_score": [{"sender", "score"}], "counters":
// [{"key", "count"}]}. Times are Unix seconds; until 0 = until released.
nlohmann::json GuardStatusJson(const StoreStatus& status);

}  // namespace ohm

#endif  // OHM_CLI_GUARD_COMMAND_H_
