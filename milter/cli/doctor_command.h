// `ohm doctor --domain D --ip ADDR ...`: checks a sending domain's SPF, DKIM,
// DMARC, reverse DNS and MX the way receivers do and prints the records that
// fix what is wrong. `ohm doctor --config FILE` does so for every signing
// domain and key of the configuration's DKIM key table.
#ifndef OHM_CLI_DOCTOR_COMMAND_H_
#define OHM_CLI_DOCTOR_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

namespace ohm {

// Adds the "doctor" subcommand to `app`. `*config_path` is read when it runs:
// "" checks the --domain given, a file checks its key table. `*exit_code` is
// set to 0 (all checks pass), 1 (warnings), 2 (failures; over all domains),
// 64 (unusable options, such as a malformed --resolver or nothing to check) or
// 78 (the configuration or its key table does not load).
void AddDoctorCommand(CLI::App& app, const std::string* config_path, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_DOCTOR_COMMAND_H_
