#include "parse/bounded_inflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace ohm {

InflateEnd InflateBounded(std::string_view data, DeflateFraming framing, size_t max_out, std::string* out) {
  z_stream z{};
  int window_bits = framing == DeflateFraming::kRaw ? -MAX_WBITS : framing == DeflateFraming::kGzip ? 16 + MAX_WBITS : MAX_WBITS;
  if (inflateInit2(&z, window_bits) != Z_OK) return InflateEnd::kFailed;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), UINT_MAX));
  const size_t limit = out->size() + max_out;
  char chunk[16384];
  int rc = Z_OK;
  while (out->size() < limit) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = static_cast<uInt>(std::min(sizeof chunk, limit - out->size()));
    rc = inflate(&z, Z_NO_FLUSH);
    out->append(chunk, reinterpret_cast<char*>(z.next_out) - chunk);
    if (rc != Z_OK) break;  // Z_STREAM_END, an error, or no progress (Z_BUF_ERROR)
  }
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return InflateEnd::kStreamEnd;
  return rc == Z_OK ? InflateEnd::kLimitReached : InflateEnd::kFailed;
}

}  // namespace ohm
