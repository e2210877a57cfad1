// `ohm doctor --domain D --ip ADDR ...`: checks a sending domain's SPF, DKIM,
// DMARC, reverse DNS and MX the way receivers do and prints the records that
// fix what is wrong.
#ifndef OHM_CLI_DOCTOR_COMMAND_H_
#define OHM_CLI_DOCTOR_COMMAND_H_

#include <CLI/CLI.hpp>

namespace ohm {

// Adds the "doctor" subcommand to `app`. When it runs, `*exit_code` is set to
// 0 (all checks pass), 1 (warnings), 2 (failures) or 64 (unusable options,
// such as a malformed --resolver).
void AddDoctorCommand(CLI::App& app, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_DOCTOR_COMMAND_H_
