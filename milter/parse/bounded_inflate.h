// DEFLATE streams inflated within a byte limit: the one loop behind PDF
// object streams (zlib framing), ZIP members (raw DEFLATE) and gzip files. A
// decompression bomb inflates to the limit and no further.
#ifndef OHM_PARSE_BOUNDED_INFLATE_H_
#define OHM_PARSE_BOUNDED_INFLATE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ohm {

// How the compressed data is framed.
enum class DeflateFraming {
  kZlib,  // RFC 1950 header and checksum (PDF's FlateDecode)
  kRaw,   // bare RFC 1951 DEFLATE (ZIP members)
  kGzip,  // RFC 1952 header and trailer (the first member of a .gz file)
};

enum class InflateEnd {
  kStreamEnd,     // the stream ended, within the limit
  kLimitReached,  // `max_out` bytes were inflated; the stream may go on
  kFailed,        // corrupt data, or the input ended inside the stream
};

// Appends to `out` what the stream at the start of `data` inflates to, at
// most `max_out` bytes. On kFailed, `out` holds what inflated before the
// fault (often the useful start of a cut stream).
InflateEnd InflateBounded(std::string_view data, DeflateFraming framing, size_t max_out, std::string* out);

}  // namespace ohm

#endif  // OHM_PARSE_BOUNDED_INFLATE_H_
