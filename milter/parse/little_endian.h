// Little-endian integers in file formats read from attachments (ZIP, RAR,
// OLE2) and in ohm's own prefilter cache files. A reader's caller checks
// that the bytes are there.
#ifndef OHM_PARSE_LITTLE_ENDIAN_H_
#define OHM_PARSE_LITTLE_ENDIAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ohm {

// The 16-bit little-endian value at b[at, at + 2); needs at + 2 <= b.size().
inline uint16_t Le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}

// The 32-bit little-endian value at b[at, at + 4); needs at + 4 <= b.size().
inline uint32_t Le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(Le16(b, at)) | (static_cast<uint32_t>(Le16(b, at + 2)) << 16);
}

// The 64-bit little-endian value at b[at, at + 8); needs at + 8 <= b.size().
inline uint64_t Le64(std::string_view b, size_t at) {
  return static_cast<uint64_t>(Le32(b, at)) | (static_cast<uint64_t>(Le32(b, at + 4)) << 32);
}

// Appends the `bytes` low bytes of `v` to *out, least significant first.
inline void AppendLe(std::string* out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace ohm

#endif  // OHM_PARSE_LITTLE_ENDIAN_H_
