// The names in a 7z archive and whether it is password-protected, read from
// its header (7-Zip's 7zFormat.txt). 7-Zip compresses that header by default
// (LZMA), so unlike ZIP or RAR nothing is visible without decompressing it:
// this reader inflates the header alone (liblzma), never the files. A header
// encrypted with the password (7z -mhe) hides the names; that, or encrypted
// files, is what `encrypted` reports. Malware sent from a compromised account
// travels in password-protected 7z archives for exactly this reason.
#ifndef OHM_PARSE_SEVENZIP_INSPECT_H_
#define OHM_PARSE_SEVENZIP_INSPECT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

struct SevenZipContents {
  std::vector<std::string> names;  // entry names (UTF-8), in header order, at most max_names
  bool encrypted = false;          // the files or the header use 7-Zip's AES coder
  size_t inflated_bytes = 0;       // header bytes decompressed to read it
  bool over_budget = false;        // the header would inflate past the budget, so its names were not read
};

// True when `head` starts with the 7z signature.
bool StartsSevenZip(std::string_view head);

// Reads the 7z archive `bytes`. A compressed header (LZMA or LZMA2, the
// coders 7-Zip writes headers with) is inflated only when its stated size is
// within `inflate_budget`; other coders, a header past the given bytes (a cut
// file) or any malformed field end the reading with what was found so far.
// Never reads outside `bytes`.
SevenZipContents ReadSevenZip(std::string_view bytes, size_t max_names, size_t inflate_budget);

}  // namespace ohm

#endif  // OHM_PARSE_SEVENZIP_INSPECT_H_
