// `ohm log find ID`: prints the message log lines of a Message-ID or queue id,
// the first thing an admin does when a provider's block alert quotes one.
#ifndef OHM_CLI_LOG_COMMAND_H_
#define OHM_CLI_LOG_COMMAND_H_

#include <istream>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace ohm {

// Adds "log" with its "find" subcommand to `app`. Exit code 0 when found, 1 when
// not, 66 when the log cannot be read, 78 when no log file is configured.
void AddLogCommand(CLI::App& app, const std::string* config_path, int* exit_code);

// Writes to `out` every line of `in` whose JSON message_id or queue_id equals
// `id` (angle brackets and case of the brackets' content optional for
// Message-IDs). Lines that are not JSON are skipped. Returns the count.
size_t FindLogLines(std::istream& in, const std::string& id, std::ostream& out);

}  // namespace ohm

#endif  // OHM_CLI_LOG_COMMAND_H_
