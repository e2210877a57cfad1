#include "parse/zip_members.h"

#include <algorithm>
#include <cstdint>

#include "parse/bounded_inflate.h"
#include "parse/little_endian.h"

namespace ohm {

namespace {

constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
constexpr std::string_view kCentralHeader("PK\x01\x02", 4);
constexpr std::string_view kEndRecord("PK\x05\x06", 4);
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndRecordSize = 22;
// The end record sits in the last 22 bytes plus a comment of up to 64 KB.
constexpr size_t kEndRecordSearch = kEndRecordSize + 0xFFFF;

// Where the data of the member whose local header is at `at` starts, or
// npos when no local header is there.
size_t LocalDataStart(std::string_view zip, size_t at) {
  if (at > zip.size() || zip.size() - at < kLocalHeaderSize || zip.substr(at, 4) != kLocalHeader) {
    return std::string_view::npos;
  }
  size_t start = at + kLocalHeaderSize + Le16(zip, at + 26) + Le16(zip, at + 28);
  return start <= zip.size() ? start : std::string_view::npos;
}

}  // namespace

std::vector<ZipMember> ListZipMembers(std::string_view zip, size_t max_members) {
  std::vector<ZipMember> members;
  if (zip.size() < kEndRecordSize) return members;
  size_t search_from = zip.size() > kEndRecordSearch ? zip.size() - kEndRecordSearch : 0;
  size_t end = zip.rfind(kEndRecord);
  if (end == std::string_view::npos || end < search_from || zip.size() - end < kEndRecordSize) return members;
  size_t entries = Le16(zip, end + 10);
  size_t p = Le32(zip, end + 16);  // the central directory's offset
  for (size_t i = 0; i < entries && members.size() < max_members; ++i) {
    if (p > zip.size() || zip.size() - p < kCentralHeaderSize || zip.substr(p, 4) != kCentralHeader) break;
    size_t name_len = Le16(zip, p + 28);
    size_t record = kCentralHeaderSize + name_len + Le16(zip, p + 30) + Le16(zip, p + 32);
    if (zip.size() - p < kCentralHeaderSize + name_len) break;
    ZipMember member;
    member.name = zip.substr(p + kCentralHeaderSize, name_len);
    member.encrypted = (Le16(zip, p + 8) & 1) != 0;
    member.method = Le16(zip, p + 10);
    member.size = Le32(zip, p + 24);
    uint32_t compressed = Le32(zip, p + 20);
    size_t data_at = LocalDataStart(zip, Le32(zip, p + 42));
    if (data_at != std::string_view::npos && compressed != UINT32_MAX) {
      member.data = zip.substr(data_at, compressed);
    }
    members.push_back(member);
    if (zip.size() - p < record) break;
    p += record;
  }
  return members;
}

bool ReadZipMember(const ZipMember& member, size_t max_out, std::string* out) {
  out->clear();
  if (member.encrypted || member.size == UINT32_MAX) return false;
  size_t want = std::min<size_t>(max_out, member.size);
  if (member.method == 0) {
    out->assign(member.data.substr(0, want));
    return true;
  }
  if (member.method != 8) return false;
  InflateEnd end = InflateBounded(member.data, DeflateFraming::kRaw, want, out);
  return !(out->empty() && end == InflateEnd::kFailed);
}

}  // namespace ohm
