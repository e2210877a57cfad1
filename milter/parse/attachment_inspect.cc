#include "parse/attachment_inspect.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/raw_message.h"  // EqualsIgnoreCase

namespace ohm {

namespace {

constexpr std::string_view kZipLocal("PK\x03\x04", 4);
constexpr std::string_view kZipCentral("PK\x01\x02", 4);
constexpr std::string_view kZipEmpty("PK\x05\x06", 4);
constexpr std::string_view kOle2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
constexpr std::string_view kPdf("%PDF-");
// "_VBA_PROJECT" as OLE2 directory entries spell names: UTF-16LE.
constexpr std::string_view kVbaProjectUtf16("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0", 24);
constexpr size_t kMaxEntryName = 1024;

uint16_t Le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}

// A ZIP entry name as written: no control bytes (a header found by chance in
// compressed data almost never passes this).
bool PlausibleEntryName(std::string_view name) {
  if (name.empty() || name.size() > kMaxEntryName) return false;
  return std::none_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// Every local and central directory header in the bytes: a stream written
// with data descriptors gives no sizes to skip by, and a cut archive has no
// central directory, so headers are found by their signatures instead of
// walked.
void ReadZip(std::string_view b, FileInspection* out) {
  std::set<std::string> seen;
  auto add = [&](size_t name_at, uint16_t name_len, uint16_t flags) {
    if (name_at + name_len > b.size()) return;
    std::string_view name = b.substr(name_at, name_len);
    if (!PlausibleEntryName(name)) return;
    // Bit 0 of the general purpose flags: the entry is encrypted.
    if (flags & 1) out->archive_encrypted = true;
    constexpr std::string_view kVbaPart = "vbaproject.bin";
    if (name.size() >= kVbaPart.size() && EqualsIgnoreCase(name.substr(name.size() - kVbaPart.size()), kVbaPart))
      out->office_macros = true;
    if (seen.size() < kMaxArchiveEntries && seen.insert(std::string(name)).second) {
      out->archive_entries.emplace_back(name);
    }
  };
  for (size_t p = b.find("PK"); p != std::string_view::npos; p = b.find("PK", p + 1)) {
    std::string_view sig = b.substr(p, 4);
    if (sig == kZipLocal && p + 30 <= b.size()) {
      add(p + 30, Le16(b, p + 26), Le16(b, p + 6));
    } else if (sig == kZipCentral && p + 46 <= b.size()) {
      add(p + 46, Le16(b, p + 28), Le16(b, p + 8));
    }
  }
}

bool IsPdfDelimiter(unsigned char c) {
  return c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%' || c == 0x7F;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// PDF name objects (ISO 32000 7.3.5), with #xx escapes decoded, since
// "/J#61vaScript" is how a file hides its script from a plain search.
bool PdfHasActiveContent(std::string_view b) {
  for (size_t p = b.find('/'); p != std::string_view::npos; p = b.find('/', p + 1)) {
    std::string name;
    size_t i = p + 1;
    for (; i < b.size() && !IsPdfDelimiter(static_cast<unsigned char>(b[i])) && name.size() <= 10; ++i) {
      if (b[i] == '#' && i + 2 < b.size() && HexValue(b[i + 1]) >= 0 && HexValue(b[i + 2]) >= 0) {
        name.push_back(static_cast<char>(HexValue(b[i + 1]) * 16 + HexValue(b[i + 2])));
        i += 2;
      } else {
        name.push_back(b[i]);
      }
    }
    if (name == "JavaScript" || name == "JS" || name == "Launch") return true;
    p = i - 1;
  }
  return false;
}

bool StartsZip(std::string_view head) { return head.substr(0, 4) == kZipLocal || head.substr(0, 4) == kZipEmpty; }

}  // namespace

bool IsInspectableFile(std::string_view head) {
  head = head.substr(0, kFileSniffBytes);
  // A PDF reader accepts the header anywhere in the first 1024 bytes, and
  // droppers put junk before it for that reason.
  return StartsZip(head) || head.substr(0, kOle2.size()) == kOle2 || head.find(kPdf) != std::string_view::npos;
}

FileInspection InspectFile(std::string_view bytes) {
  FileInspection out;
  std::string_view head = bytes.substr(0, kFileSniffBytes);
  if (StartsZip(head)) {
    ReadZip(bytes, &out);
  } else if (head.substr(0, kOle2.size()) == kOle2) {
    out.office_macros = bytes.find(kVbaProjectUtf16) != std::string_view::npos;
  } else if (head.find(kPdf) != std::string_view::npos) {
    out.pdf_active_content = PdfHasActiveContent(bytes);
  }
  return out;
}

}  // namespace ohm
