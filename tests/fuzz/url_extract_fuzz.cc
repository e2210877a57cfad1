// Fuzz target: URLs in plain text and the host of each (as link rules read it).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_input.h"
#include "parse/url_extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ohm::AsText(data, size);
  std::string host = ohm::UrlHost(text);
  if (host.size() > text.size()) __builtin_trap();
  std::vector<ohm::Link> links;
  ohm::ExtractBareUrls(text, 30, &links);
  if (links.size() > 30) __builtin_trap();
  for (const auto& link : links) {
    if (link.href.empty() || link.href.size() > text.size()) __builtin_trap();
    ohm::UrlHost(link.href);
  }
  return 0;
}
