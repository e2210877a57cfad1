// The names of the files in a tar archive (POSIX ustar, GNU and pax long
// names), for attachment inspection: "backup.tar.gz" holding "invoice.exe"
// is how a program gets past a filter that reads only the gzip file's name.
// Headers are trusted only when their checksum is right, so other data that
// happens to sit in a .tar.gz lists nothing.
#ifndef OHM_PARSE_TAR_MEMBERS_H_
#define OHM_PARSE_TAR_MEMBERS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

// True when `head` (at least the first 512 bytes of a file) is a tar header
// with a valid checksum.
bool StartsTar(std::string_view head);

// The names of the regular files, links and directories `tar` lists, in its
// order, at most `max_names`; a long name (GNU 'L' record or pax "path=")
// replaces the header's cut one. Reading stops at the end-of-archive blocks,
// at a header whose checksum is wrong, or where the archive is cut.
std::vector<std::string> ListTarNames(std::string_view tar, size_t max_names);

}  // namespace ohm

#endif  // OHM_PARSE_TAR_MEMBERS_H_
