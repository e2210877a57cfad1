// ohm: the admin command line. Every subcommand uses the same configuration
// loader and pipeline as the daemon.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/check_command.h"
#include "cli/doctor_command.h"
#include "cli/guard_command.h"
#include "cli/keygen_command.h"
#include "cli/log_command.h"
#include "cli/rules_command.h"
#include "cli/sign_command.h"

int main(int argc, char** argv) {
  CLI::App app{"ohm: outbound mail hygiene - check messages offline, lint rules, read the log, DKIM keys and signing, check DNS, the volume guard"};
  app.require_subcommand(1);
  app.fallthrough();  // "ohm check --config F file" works as well as "ohm --config F check file"
  std::string config_path;
  int exit_code = 0;
  app.add_option("-c,--config", config_path, "Configuration file (default: the embedded conf/ohm.toml)");
  app.set_version_flag("--version", std::string("ohm ") + OHM_VERSION);
  ohm::AddCheckCommand(app, &config_path, &exit_code);
  ohm::AddDoctorCommand(app, &config_path, &exit_code);
  ohm::AddGuardCommand(app, &config_path, &exit_code);
  ohm::AddLogCommand(app, &config_path, &exit_code);
  ohm::AddRulesCommand(app, &config_path, &exit_code);
  ohm::AddKeygenCommand(app, &exit_code);
  ohm::AddSignCommand(app, &config_path, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 64;
  }
  return exit_code;
}
