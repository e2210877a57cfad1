// The files stored in a ZIP archive, for inspection: where each one's data
// lies and how it is compressed, and its bytes inflated within a budget. Only
// what attachment inspection needs to look one level into an archive (the
// "invoice.zip" that holds "scan.zip" that holds "scan.exe", or a
// macro-enabled document inside a ZIP): stored and deflated members of a
// single-disk archive. ZIP64 members, encrypted members and other methods are
// listed but not read.
#ifndef OHM_PARSE_ZIP_MEMBERS_H_
#define OHM_PARSE_ZIP_MEMBERS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

struct ZipMember {
  std::string_view name;   // as the central directory writes it
  uint16_t method = 0;     // 0 stored, 8 deflated; others are not read
  bool encrypted = false;  // general purpose flag bit 0
  uint32_t size = 0;       // the uncompressed size the directory states (0xFFFFFFFF: ZIP64, not read)
  std::string_view data;   // the compressed bytes, cut short where the archive is cut
};

// The members the central directory of `zip` lists, in its order, at most
// `max_members`, each located through its local header; names and data are
// views into `zip`. An archive without a readable end record or central
// directory (cut, or not a ZIP) lists none: ReadZip's signature scan still
// finds the names such an archive shows.
std::vector<ZipMember> ListZipMembers(std::string_view zip, size_t max_members);

// Writes the first `max_out` bytes of `member`'s file into *out (stored:
// copied; deflated: inflated) and returns true; returns false, with *out
// empty, when the member is encrypted, ZIP64, of another method or corrupt
// at its start. Corrupt or cut data later on yields what was read up to it.
bool ReadZipMember(const ZipMember& member, size_t max_out, std::string* out);

}  // namespace ohm

#endif  // OHM_PARSE_ZIP_MEMBERS_H_
