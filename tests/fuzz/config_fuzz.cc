// Fuzz target: the configuration file (TOML, then ohm's validation). Also
// hands a valid [dkim] table to the DKIM stage's settings parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "dkim/dkim_settings.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ohm::Config config;
  std::vector<ohm::ConfigError> errors = ohm::ParseConfig(ohm::AsText(data, size), "fuzz.toml", &config);
  for (const auto& e : errors) {
    if (e.message.empty()) __builtin_trap();
  }
  // OpenDKIM tables are files the admin names; the fuzzer must not go reading
  // whatever path it invents (/dev/zero), so those inputs stop at the TOML.
  if (errors.empty() && ohm::AsText(data, size).find("opendkim") == std::string_view::npos) {
    ohm::DkimSettings dkim;
    std::vector<std::string> dkim_errors;
    ohm::ParseDkimSettings(config.dkim.get(), config.source, &dkim, &dkim_errors);
  }
  return 0;
}
