// ZIP archives built in memory for the parse tests, laid out as PKWARE's
// APPNOTE says: local headers with data, then the central directory and its
// end record. Members are stored or deflated (raw DEFLATE, as ZIP writers do).
#ifndef OHM_TESTS_PARSE_ZIP_WRITER_H_
#define OHM_TESTS_PARSE_ZIP_WRITER_H_

#include <string>
#include <vector>

#include "deflate_writer.h"

namespace ohm {
namespace testing {

inline void Put16(std::string* out, unsigned v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void Put32(std::string* out, unsigned v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

struct ZipEntry {
  std::string name;
  std::string data;
  unsigned flags = 0;     // general purpose flags (bit 0: encrypted)
  bool deflated = false;  // method 8 instead of 0 (stored)
};

// The archive; without its central directory when `with_central_directory`
// is false (an archive cut before its end).
inline std::string Zip(const std::vector<ZipEntry>& entries, bool with_central_directory = true) {
  std::string out, central;
  for (const ZipEntry& e : entries) {
    std::string packed = e.deflated ? RawDeflate(e.data) : e.data;
    unsigned method = e.deflated ? 8 : 0;
    unsigned offset = static_cast<unsigned>(out.size());
    out += std::string("PK\x03\x04", 4);
    Put16(&out, 20);
    Put16(&out, e.flags);
    Put16(&out, method);
    Put32(&out, 0);  // time, date
    Put32(&out, 0);  // crc (not checked by the reader)
    Put32(&out, static_cast<unsigned>(packed.size()));
    Put32(&out, static_cast<unsigned>(e.data.size()));
    Put16(&out, static_cast<unsigned>(e.name.size()));
    Put16(&out, 0);
    out += e.name + packed;
    central += std::string("PK\x01\x02", 4);
    Put16(&central, 20);
    Put16(&central, 20);
    Put16(&central, e.flags);
    Put16(&central, method);
    Put32(&central, 0);
    Put32(&central, 0);
    Put32(&central, static_cast<unsigned>(packed.size()));
    Put32(&central, static_cast<unsigned>(e.data.size()));
    Put16(&central, static_cast<unsigned>(e.name.size()));
    Put32(&central, 0);  // extra and comment lengths
    Put32(&central, 0);  // disk, internal attributes
    Put32(&central, 0);  // external attributes
    Put32(&central, offset);
    central += e.name;
  }
  if (!with_central_directory) return out;
  unsigned central_at = static_cast<unsigned>(out.size());
  out += central;
  out += std::string("PK\x05\x06", 4);
  Put32(&out, 0);
  Put16(&out, static_cast<unsigned>(entries.size()));
  Put16(&out, static_cast<unsigned>(entries.size()));
  Put32(&out, static_cast<unsigned>(central.size()));
  Put32(&out, central_at);
  Put16(&out, 0);
  return out;
}

}  // namespace testing
}  // namespace ohm

#endif  // OHM_TESTS_PARSE_ZIP_WRITER_H_
