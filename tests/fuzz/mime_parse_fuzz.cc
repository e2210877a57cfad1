// Fuzz target: a whole message split into headers and body, then parsed into
// its MIME tree (GMime), text parts, HTML, links and attachments. Tight limits
// so that the limit paths (depth, parts, decoded bytes, HTML) are reached too.
#include <cstddef>
#include <cstdint>

#include "core/raw_message.h"
#include "fuzz_input.h"
#include "parse/mime_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ohm::CollectLimits collect;
  collect.max_headers = 200;
  collect.max_header_bytes = 4096;
  ohm::RawMessage raw = ohm::SplitMessage(ohm::AsText(data, size), collect);
  ohm::ParseLimits limits;
  limits.max_mime_depth = 8;
  limits.max_mime_parts = 64;
  limits.max_decoded_bytes = 256 * 1024;
  limits.max_html_bytes = 64 * 1024;
  limits.max_html_depth = 64;
  limits.max_links = 50;
  limits.max_images = 50;
  ohm::ParsedMessage parsed = ohm::ParseMessage(raw, limits);
  // Invariants the features and rules rely on.
  if (parsed.mime_depth > limits.max_mime_depth + 1) __builtin_trap();
  if (parsed.links.size() > limits.max_links) __builtin_trap();
  return 0;
}
