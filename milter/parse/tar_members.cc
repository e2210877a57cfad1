#include "parse/tar_members.h"

#include <algorithm>
#include <cstdint>

namespace ohm {

namespace {

constexpr size_t kBlock = 512;
// A long name longer than this is not a name a person reads; it is cut.
constexpr size_t kMaxLongName = 4096;

// A NUL-terminated field of at most `size` bytes at `offset` of the header.
std::string_view Field(std::string_view header, size_t offset, size_t size) {
  std::string_view field = header.substr(offset, size);
  size_t nul = field.find('\0');
  return nul == std::string_view::npos ? field : field.substr(0, nul);
}

// An octal number field (spaces and NULs around it allowed); false when the
// field holds anything else, or the GNU base-256 form (a high first byte,
// for sizes past 8 GB, which a mail attachment never is).
bool Octal(std::string_view field, uint64_t* value) {
  *value = 0;
  size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  size_t digits = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
    if (*value > (UINT64_MAX >> 3)) return false;
    *value = (*value << 3) | static_cast<uint64_t>(field[i] - '0');
  }
  for (; i < field.size(); ++i) {
    if (field[i] != ' ' && field[i] != '\0') return false;
  }
  return digits > 0;
}

// The checksum is the sum of the header's bytes with its own field read as
// spaces (POSIX; some old writers summed signed bytes, accepted too).
bool ChecksumMatches(std::string_view header) {
  uint64_t stated;
  if (!Octal(header.substr(148, 8), &stated)) return false;
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    char c = (i >= 148 && i < 156) ? ' ' : header[i];
    unsigned_sum += static_cast<unsigned char>(c);
    signed_sum += static_cast<signed char>(c);
  }
  return stated == unsigned_sum || static_cast<int64_t>(stated) == signed_sum;
}

// The "path" record of a pax extended header ("<length> path=<name>\n" records).
std::string PaxPath(std::string_view data) {
  size_t p = 0;
  while (p < data.size()) {
    size_t space = data.find(' ', p);
    if (space == std::string_view::npos) break;
    uint64_t length = 0;
    for (size_t i = p; i < space; ++i) {
      if (data[i] < '0' || data[i] > '9' || length > data.size()) return "";
      length = length * 10 + static_cast<uint64_t>(data[i] - '0');
    }
    if (length == 0 || length > data.size() - p) break;
    std::string_view record = data.substr(space + 1, p + length - space - 1);
    if (!record.empty() && record.back() == '\n') record.remove_suffix(1);
    if (record.substr(0, 5) == "path=") return std::string(record.substr(5, kMaxLongName));
    p += length;
  }
  return "";
}

}  // namespace

bool StartsTar(std::string_view head) { return head.size() >= kBlock && ChecksumMatches(head.substr(0, kBlock)); }

std::vector<std::string> ListTarNames(std::string_view tar, size_t max_names) {
  std::vector<std::string> names;
  std::string long_name;  // from a GNU 'L' or pax header, for the next entry
  size_t p = 0;
  while (p + kBlock <= tar.size() && names.size() < max_names) {
    std::string_view header = tar.substr(p, kBlock);
    if (header.find_first_not_of('\0') == std::string_view::npos) break;  // end of archive
    if (!ChecksumMatches(header)) break;
    uint64_t size;
    if (!Octal(header.substr(124, 12), &size)) break;
    char type = header[156];
    size_t data = p + kBlock;
    uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
    std::string_view content = tar.substr(data, static_cast<size_t>(std::min<uint64_t>(size, tar.size() - data)));
    if (type == 'L') {  // GNU: the next entry's name is this entry's data
      long_name = std::string(Field(content, 0, kMaxLongName));
    } else if (type == 'x') {  // pax: extended attributes for the next entry
      long_name = PaxPath(content);
    } else if (type != 'g' && type != 'K') {  // pax global headers and GNU long link names name nothing
      std::string name;
      if (!long_name.empty()) {
        name = std::move(long_name);
      } else {
        // ustar splits a long path into a prefix (offset 345) and the name.
        std::string_view prefix = header.substr(257, 5) == "ustar" ? Field(header, 345, 155) : std::string_view();
        name = prefix.empty() ? std::string(Field(header, 0, 100))
                              : std::string(prefix) + "/" + std::string(Field(header, 0, 100));
      }
      long_name.clear();
      if (!name.empty()) names.push_back(std::move(name));
    }
    if (padded > tar.size() - data) break;  // cut inside this entry's data
    p = data + static_cast<size_t>(padded);
  }
  return names;
}

}  // namespace ohm
