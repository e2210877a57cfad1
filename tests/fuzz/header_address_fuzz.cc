// Fuzz target: header fields as a client writes them. The first line is the
// fallback charset, the rest is a From value; the same bytes are also split
// as a header section, the way the CLI reads a message file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/raw_message.h"
#include "fuzz_input.h"
#include "parse/address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = ohm::AsText(data, size);
  ohm::CollectLimits limits;
  limits.max_headers = 100;
  limits.max_header_bytes = 1024;
  ohm::RawMessage raw = ohm::SplitMessage(input, limits);
  if (raw.headers.size() > limits.max_headers) __builtin_trap();
  for (const auto& h : raw.headers) {
    if (h.value.size() > limits.max_header_bytes) __builtin_trap();
  }
  if (const std::string* from = raw.Find("From")) ohm::ParseFromField(*from);

  std::string_view rest = input;
  std::string_view charset = ohm::TakeLine(&rest);
  ohm::FromField from = ohm::ParseFromField(rest, charset.substr(0, 64));
  if (from.parse_failed && !from.addresses.empty()) __builtin_trap();
  return 0;
}
