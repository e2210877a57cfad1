// `ohm check FILE|-`: runs a message through the daemon's pipeline offline and
// prints a readable report or, with --json, the stable JSON verdict.
#ifndef OHM_CLI_CHECK_COMMAND_H_
#define OHM_CLI_CHECK_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ohm {

// Adds the "check" subcommand to `app`. When it runs, `*exit_code` is set to
// the action's code (accept 0, tag 1, hold 2, reject 3, tempfail 4) or to an
// error code (64 usage, 66 unreadable input, 78 bad configuration).
void AddCheckCommand(CLI::App& app, const std::string* config_path, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_CHECK_COMMAND_H_
