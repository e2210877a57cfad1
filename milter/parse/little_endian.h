// Little-endian integers in file formats read from attachments (ZIP, RAR,
// OLE2). The caller checks that the bytes are there.
#ifndef OHM_PARSE_LITTLE_ENDIAN_H_
#define OHM_PARSE_LITTLE_ENDIAN_H_

#include <cstddef>
#include <cstdint>
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

}  // namespace ohm

#endif  // OHM_PARSE_LITTLE_ENDIAN_H_
