// The default configuration and rule files, compiled into the binaries so that
// ohm-milter and ohm run with no files installed. Generated at build time by
// contrib/scripts/embed_defaults.cmake from conf/ohm.toml and rules/*.cf.
#ifndef OHM_CONFIG_EMBEDDED_DEFAULTS_H_
#define OHM_CONFIG_EMBEDDED_DEFAULTS_H_

#include <string_view>
#include <vector>

namespace ohm {

struct EmbeddedFile {
  std::string_view name;  // path relative to the source tree, e.g. "rules/10_headers.cf"
  std::string_view text;
};

// Returns the text of conf/ohm.toml as it was at build time.
std::string_view EmbeddedConfig();
// Returns rules/*.cf as they were at build time, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedRuleFiles();

}  // namespace ohm

#endif  // OHM_CONFIG_EMBEDDED_DEFAULTS_H_
