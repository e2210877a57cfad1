// `ohm rules list`, `ohm rules lint [DIR]` and `ohm rules profile PATH...`.
#ifndef OHM_CLI_RULES_COMMAND_H_
#define OHM_CLI_RULES_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

namespace ohm {

// Adds "rules" with "list" (every rule with score, description and source;
// exit 0), "lint" (every error as file:line: message; exit 0 clean, 1 errors)
// and "profile" (see rule_profile_command.h).
void AddRulesCommand(CLI::App& app, const std::string* config_path, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_RULES_COMMAND_H_
