// tar archives built in memory for the parse tests: ustar headers with their
// checksums (POSIX pax interchange format). Gzip them with deflate_writer.h.
#ifndef OHM_TESTS_PARSE_TAR_WRITER_H_
#define OHM_TESTS_PARSE_TAR_WRITER_H_

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "deflate_writer.h"

namespace ohm {
namespace testing {

struct TarEntry {
  std::string name;  // at most 100 bytes, or split into `prefix`
  std::string data;
  char type = '0';     // '0' file, '5' directory, 'L' GNU long name, 'x' pax header
  std::string prefix = "";  // ustar prefix (bytes 345..499)
};

// One 512-byte header, then the data padded to 512 bytes.
inline std::string TarRecord(const TarEntry& e) {
  std::string header(512, '\0');
  auto put = [&header](size_t offset, const std::string& text) { header.replace(offset, text.size(), text); };
  put(0, e.name.substr(0, 100));
  put(100, "0000644");
  put(108, "0000000");
  put(116, "0000000");
  char size[12];
  std::snprintf(size, sizeof size, "%011o", static_cast<unsigned>(e.data.size()));
  put(124, size);
  put(136, "00000000000");
  header[156] = e.type;
  put(257, std::string("ustar\0", 6));
  put(263, "00");
  put(345, e.prefix.substr(0, 155));
  put(148, "        ");
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  char checksum[7];
  std::snprintf(checksum, sizeof checksum, "%06o", sum);
  put(148, std::string(checksum, 6) + '\0');
  std::string data = e.data;
  data.resize((data.size() + 511) / 512 * 512, '\0');
  return header + data;
}

// The archive, with its two end-of-archive blocks.
inline std::string Tar(const std::vector<TarEntry>& entries) {
  std::string out;
  for (const TarEntry& e : entries) out += TarRecord(e);
  return out + std::string(1024, '\0');
}

}  // namespace testing
}  // namespace ohm

#endif  // OHM_TESTS_PARSE_TAR_WRITER_H_
