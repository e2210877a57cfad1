// What every `ohm` subcommand needs: the configuration and the pipeline built
// from it, loaded the same way the daemon loads them.
#ifndef OHM_CLI_CLI_CONTEXT_H_
#define OHM_CLI_CLI_CONTEXT_H_

#include <memory>
#include <string>

#include "config/config.h"
#include "pipeline/pipeline.h"

namespace ohm {

// Exit codes shared by the subcommands, beyond the per-action codes of `ohm check`.
inline constexpr int kExitUsage = 64;     // EX_USAGE
inline constexpr int kExitNoInput = 66;   // EX_NOINPUT
inline constexpr int kExitConfig = 78;    // EX_CONFIG

// Loads `config_path` (embedded defaults when empty). Prints each error as
// "ohm: file:line: message" on stderr and returns false when invalid.
bool LoadCliConfig(const std::string& config_path, Config* config);

// Loads the configuration and builds its pipeline; nullptr (errors printed)
// when invalid. Unless `many_messages`, the rules' prefilter is not built: it
// changes what a message costs, never its verdict, and compiling it takes
// longer than a one-message command saves.
std::shared_ptr<const Pipeline> LoadCliPipeline(const std::string& config_path, bool many_messages = false);

// Reads a whole file, or standard input for "-". Returns false and sets *error on failure.
bool ReadInput(const std::string& path, std::string* out, std::string* error);

}  // namespace ohm

#endif  // OHM_CLI_CLI_CONTEXT_H_
