// The message as bytes: an ordered header list and the body, exactly as the MTA
// handed them over, with the limits that applied while collecting them.
#ifndef OHM_CORE_RAW_MESSAGE_H_
#define OHM_CORE_RAW_MESSAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

struct HeaderField {
  std::string name;   // as written, case kept
  std::string value;  // raw value after the colon, leading white space removed, folding kept
};

// Bounds on what is collected from the network. Exceeding one never drops the
// message: the excess is not collected and the fact is recorded.
struct CollectLimits {
  size_t max_body_bytes = 10 * 1024 * 1024;  // body bytes buffered for scanning
  size_t max_headers = 1000;                 // header fields kept
  size_t max_header_bytes = 64 * 1024;       // bytes of one header value kept
};

struct RawMessage {
  std::vector<HeaderField> headers;
  std::string body;                 // CRLF or LF line ends, as received; at most max_body_bytes
  size_t body_bytes_seen = 0;       // whole body size, collected or not
  bool body_truncated = false;      // body_bytes_seen > body.size()
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

// Appends a body chunk honouring max_body_bytes; always counts the chunk in body_bytes_seen.
void AppendBody(RawMessage* msg, std::string_view chunk, const CollectLimits& limits);

// Splits a whole RFC 5322 message (as read from a file) into headers and body.
// Never fails: input without a header section yields no headers and the whole
// input as body (headers_complete=false); unfolded garbage lines are kept as body.
// A leading mbox "From " envelope line is skipped.
RawMessage SplitMessage(std::string_view bytes, const CollectLimits& limits);

// Case-insensitive ASCII comparison used for header names throughout.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ohm

#endif  // OHM_CORE_RAW_MESSAGE_H_
