// Fuzz target: an admin's rule file, parsed and compiled (regexes, meta and
// metric expressions, phrase lists, the Hyperscan prefilter) with the
// embedded defaults' syntax.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "fuzz_input.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<ohm::RuleSource> sources{{"fuzz.cf", std::string(ohm::AsText(data, size))}};
  ohm::RuleOptions options;
  // Hyperscan's compile of the prefilter takes tens to hundreds of ms per
  // file: on for every input, the target ran 8 inputs a second. One input in
  // eight (by its last byte) still feeds hostile patterns to it.
  options.prefilter = size > 0 && data[size - 1] % 8 == 0;
  auto result = ohm::RuleSet::Load(sources, options);
  if (auto* set = std::get_if<std::shared_ptr<const ohm::RuleSet>>(&result)) {
    if (!*set) __builtin_trap();
    (*set)->List();
  } else {
    for (const auto& e : std::get<std::vector<ohm::RuleLoadError>>(result)) {
      if (e.file != "fuzz.cf" || e.message.empty()) __builtin_trap();
    }
  }
  return 0;
}
