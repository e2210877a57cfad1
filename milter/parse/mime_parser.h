// Turns a RawMessage into a ParsedMessage with GMime (MIME tree, charsets,
// RFC 2047/2231) and ohm's HTML renderer (html_text.h). Defensive: any input
// yields a result.
#ifndef OHM_PARSE_MIME_PARSER_H_
#define OHM_PARSE_MIME_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/raw_message.h"
#include "parse/parsed_message.h"

namespace ohm {

struct ParseLimits {
  size_t max_mime_depth = 20;
  size_t max_mime_parts = 500;
  size_t max_decoded_bytes = 16 * 1024 * 1024;  // decoded text+attachments kept in total
  size_t max_html_bytes = 2 * 1024 * 1024;      // HTML fed to the renderer per part
  size_t max_html_depth = 256;                  // element nesting rendered (see html_nesting.h)
  size_t max_links = 2000;
  size_t max_images = 2000;
};

// Parses `raw`. Never throws and never fails: faults go to defects, limits
// reached go to limits_hit, and whatever could be decoded is returned.
// Thread-safe (GMime is initialised once per process, see EnsureGMimeInit).
ParsedMessage ParseMessage(const RawMessage& raw, const ParseLimits& limits);

// An unstructured header value (Subject, Comments) as a reader sees it:
// unfolded, RFC 2047 words decoded to UTF-8 (invalid bytes made valid),
// trimmed. The same decoding ParseMessage gives the subject, without the
// body's charset as a hint for raw 8-bit bytes.
std::string DecodeUnstructuredHeader(std::string_view raw_value);

// Initialises GMime once per process; safe to call from any thread, any number of times.
void EnsureGMimeInit();

}  // namespace ohm

#endif  // OHM_PARSE_MIME_PARSER_H_
