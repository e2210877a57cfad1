// The message as bytes: an ordered header list and the body, exactly as the MTA
// handed them over, with the limits that applied while collecting them.
#ifndef OHM_CORE_RAW_MESSAGE_H_
#define OHM_CORE_RAW_MESSAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"  // EqualsIgnoreCase, which callers use on header names
#include "core/structure_tail.h"

namespace ohm {

struct HeaderField {
  std::string name;   // as written, case kept
  std::string value;  // raw value after the colon, leading white space removed, folding kept
};

// Bounds on what is collected from the network. Exceeding one never drops the
// message: the excess is not collected and the fact is recorded.
struct CollectLimits {
  size_t max_body_bytes = 1024 * 1024;       // body bytes buffered for scanning
  size_t max_structure_bytes = 64 * 1024;    // MIME structure kept past max_body_bytes
  size_t max_headers = 1000;                 // header fields kept
  size_t max_header_bytes = 64 * 1024;       // bytes of one header value kept
};

struct RawMessage {
  std::vector<HeaderField> headers;
  // CRLF or LF line ends, as received. At most max_body_bytes of the body;
  // when the body is longer, its first body_prefix_bytes (cut back to a line
  // end) followed by the MIME structure of the rest (see StructureTail).
  std::string body;
  size_t body_bytes_seen = 0;       // whole body size, collected or not
  bool body_truncated = false;      // the body passed max_body_bytes
  size_t body_prefix_bytes = 0;     // when body_truncated: bytes of body that are the body's own start
  StructureTail structure_tail;     // the collector's state past the limit
  size_t headers_dropped = 0;       // header fields beyond max_headers
  size_t headers_cut = 0;           // header values shortened to max_header_bytes
  bool headers_complete = true;     // false when the input had no header/body separator

  // Returns the value of the first header named `name` (case-insensitive), or nullptr.
  const std::string* Find(std::string_view name) const;
  // Returns how many header fields are named `name` (case-insensitive).
  size_t Count(std::string_view name) const;
  // Returns the total size in bytes of headers and body as seen on the wire.
  size_t WireSize() const;
};

// Adds a header field the way a collector must: honouring the header limits.
void AddHeader(RawMessage* msg, std::string name, std::string value, const CollectLimits& limits);

// Appends a body chunk honouring max_body_bytes; always counts the chunk in
// body_bytes_seen. Past the limit only MIME structure is kept, at most
// max_structure_bytes of it. The buffer never holds more capacity than the
// limits need (no doubling past them).
void AppendBody(RawMessage* msg, std::string_view chunk, const CollectLimits& limits);

// Splits a whole RFC 5322 message (as read from a file) into headers and body.
// Never fails: input without a header section yields no headers and the whole
// input as body (headers_complete=false); unfolded garbage lines are kept as body.
// A leading mbox "From " envelope line is skipped.
RawMessage SplitMessage(std::string_view bytes, const CollectLimits& limits);

}  // namespace ohm

#endif  // OHM_CORE_RAW_MESSAGE_H_
