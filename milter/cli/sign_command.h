// `ohm sign FILE|-`: signs a message the way the milter would (same
// configuration, key table and signing table) and prints it, so signing can be
// tested without an MTA.
#ifndef OHM_CLI_SIGN_COMMAND_H_
#define OHM_CLI_SIGN_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

namespace ohm {

// Adds the "sign" subcommand. The message goes to standard output (signed, or
// unchanged when not signed); the outcome goes to standard error. Exit codes:
// 0 signed, 1 not signed (why on stderr), 66 unreadable input, 78 bad configuration.
void AddSignCommand(CLI::App& app, const std::string* config_path, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_SIGN_COMMAND_H_
