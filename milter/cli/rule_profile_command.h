// `ohm rules profile`: where the content checks spend their time, measured on
// the admin's own mail. Runs messages through the same pipeline as the daemon
// (parse, features, rules) several rounds and prints the cost per message of
// each stage and of the most expensive rules, so a slow local rule is found
// before it costs every message on the server.
#ifndef OHM_CLI_RULE_PROFILE_COMMAND_H_
#define OHM_CLI_RULE_PROFILE_COMMAND_H_

#include <string>
#include <vector>

namespace ohm {

struct RuleProfileOptions {
  std::vector<std::string> paths;  // message files, or directories of them (*.eml and files without a dot)
  int rounds = 20;                 // passes over all messages
  int top = 20;                    // rules shown
};

// Prints the profile; returns 0, kExitNoInput when no message could be read,
// kExitConfig when the configuration is invalid.
int RunRuleProfile(const RuleProfileOptions& options, const std::string& config_path);

}  // namespace ohm

#endif  // OHM_CLI_RULE_PROFILE_COMMAND_H_
