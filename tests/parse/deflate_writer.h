// DEFLATE data made with zlib for the parse tests, in the three framings the
// readers take: raw (ZIP members), zlib (PDF streams) and gzip (.gz files,
// with the file name they record).
#ifndef OHM_TESTS_PARSE_DEFLATE_WRITER_H_
#define OHM_TESTS_PARSE_DEFLATE_WRITER_H_

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace ohm {
namespace testing {

// `data` compressed whole; `window_bits` as deflateInit2 takes them:
// -MAX_WBITS raw, MAX_WBITS zlib, 16 + MAX_WBITS gzip. A gzip file records
// `gzip_name` when it is not empty. Throws when zlib fails, which fails the
// test that asked.
inline std::string Deflate(const std::string& data, int window_bits, const std::string& gzip_name = "") {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  gz_header header{};
  std::string name = gzip_name;  // zlib wants it NUL-terminated and writable
  if (!name.empty()) {
    header.name = reinterpret_cast<Bytef*>(name.data());
    deflateSetHeader(&z, &header);
  }
  std::string out(deflateBound(&z, data.size()) + name.size() + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

// `data` as raw DEFLATE (no zlib header), as a ZIP member stores it.
inline std::string RawDeflate(const std::string& data) { return Deflate(data, -MAX_WBITS); }

// `data` as a gzip file recording `name` (none when empty).
inline std::string Gzip(const std::string& data, const std::string& name = "") {
  return Deflate(data, 16 + MAX_WBITS, name);
}

}  // namespace testing
}  // namespace ohm

#endif  // OHM_TESTS_PARSE_DEFLATE_WRITER_H_
