#include "parse/attachment_inspect.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/ascii.h"
#include "parse/bounded_inflate.h"
#include "parse/little_endian.h"
#include "parse/pdf_inspect.h"
#include "parse/sevenzip_inspect.h"
#include "parse/tar_members.h"
#include "parse/zip_members.h"

namespace ohm {

namespace {

constexpr std::string_view kZipLocal("PK\x03\x04", 4);
constexpr std::string_view kZipCentral("PK\x01\x02", 4);
constexpr std::string_view kZipEmpty("PK\x05\x06", 4);
constexpr std::string_view kOle2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
constexpr std::string_view kPdf("%PDF-");
constexpr std::string_view kRar4("Rar!\x1A\x07\x00", 7);
constexpr std::string_view kRar5("Rar!\x1A\x07\x01\x00", 8);
constexpr std::string_view kGzip("\x1F\x8B\x08", 3);
// Word opens a file starting "{\rt" as RTF, so droppers write no more.
constexpr std::string_view kRtf("{\\rt");
// OLE2 directory entries (UTF-16LE) of embedded objects: "\x01Ole10Native"
// holds a packaged file, "Equation Native" an equation-editor object.
constexpr std::string_view kOle10NativeUtf16("O\0l\0e\0" "1\0" "0\0N\0a\0t\0i\0v\0e\0", 22);
// The stream that holds an .xls file's BIFF records.
constexpr std::string_view kWorkbookUtf16("W\0o\0r\0k\0b\0o\0o\0k\0", 16);
constexpr std::string_view kEquationNativeUtf16("E\0q\0u\0a\0t\0i\0o\0n\0 \0N\0a\0t\0i\0v\0e\0", 30);
// "_VBA_PROJECT" as OLE2 directory entries spell names: UTF-16LE.
constexpr std::string_view kVbaProjectUtf16("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0", 24);
constexpr size_t kMaxEntryName = 1024;

// A ZIP entry name as written: no control bytes (a header found by chance in
// compressed data almost never passes this).
bool PlausibleEntryName(std::string_view name) {
  if (name.empty() || name.size() > kMaxEntryName) return false;
  return std::none_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// Collects entry names into a FileInspection: each name once, at most
// kMaxArchiveEntries of them, implausible names (a header found by chance in
// compressed data) dropped.
class EntryList {
 public:
  explicit EntryList(FileInspection* out) : out_(out) {}

  void Add(std::string_view name, bool encrypted) {
    if (!PlausibleEntryName(name)) return;
    if (encrypted) out_->archive_encrypted = true;
    constexpr std::string_view kVbaPart = "vbaproject.bin";
    if (name.size() >= kVbaPart.size() && EqualsIgnoreCase(name.substr(name.size() - kVbaPart.size()), kVbaPart))
      out_->office_macros = true;
    // OOXML keeps embedded OLE objects as word/embeddings/oleObject1.bin (an
    // embedded .xlsx chart is a "Microsoft_Excel_Worksheet.xlsx" part instead).
    if (ContainsIgnoreCase(name, "embeddings/oleobject")) out_->embedded_objects = true;
    // An Excel 4.0 macro sheet (XLM): macros without VBA, which is why
    // malware moved to them when VBA macros began to be blocked.
    if (ContainsIgnoreCase(name, "xl/macrosheets/")) out_->office_macros = true;
    if (seen_.size() < kMaxArchiveEntries && seen_.insert(std::string(name)).second) {
      out_->archive_entries.emplace_back(name);
    }
  }

 private:
  FileInspection* out_;
  std::set<std::string> seen_;
};

// Every local and central directory header in the bytes: a stream written
// with data descriptors gives no sizes to skip by, and a cut archive has no
// central directory, so headers are found by their signatures instead of
// walked.
void ReadZip(std::string_view b, FileInspection* out) {
  EntryList entries(out);
  auto add = [&](size_t name_at, uint16_t name_len, uint16_t flags) {
    // Bit 0 of the general purpose flags: the entry is encrypted.
    if (name_at + name_len <= b.size()) entries.Add(b.substr(name_at, name_len), (flags & 1) != 0);
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

// RAR 1.5-4.x (rarlab's technote): blocks of CRC16, type, flags, size; a file
// block (0x74) adds its packed data's size. The walk stops at the first block
// that does not fit, so a cut archive shows the files its bytes hold.
void ReadRar4(std::string_view b, FileInspection* out) {
  EntryList entries(out);
  constexpr uint8_t kMainHeader = 0x73, kFileHeader = 0x74;
  constexpr uint16_t kMainHeadersEncrypted = 0x0080, kFileEncrypted = 0x0004, kFileLargeSizes = 0x0100,
                     kFileUnicodeName = 0x0200, kLongBlock = 0x8000;
  uint64_t p = kRar4.size();
  for (size_t blocks = 0; blocks < 4 * kMaxArchiveEntries && p + 7 <= b.size(); ++blocks) {
    uint8_t type = static_cast<uint8_t>(b[p + 2]);
    uint16_t flags = Le16(b, p + 3);
    uint16_t head_size = Le16(b, p + 5);
    if (head_size < 7) return;
    uint64_t data_size = 0;
    if (type == kFileHeader || (flags & kLongBlock)) {
      if (p + 11 > b.size()) return;
      data_size = Le32(b, p + 7);
    }
    if (type == kMainHeader && (flags & kMainHeadersEncrypted)) {
      out->archive_encrypted = true;  // names too are encrypted: nothing more to read
      return;
    }
    if (type == kFileHeader && p + 32 <= b.size()) {
      uint64_t name_at = p + 32 + ((flags & kFileLargeSizes) ? 8 : 0);
      if ((flags & kFileLargeSizes) && p + 40 <= b.size()) data_size |= static_cast<uint64_t>(Le32(b, p + 32)) << 32;
      uint16_t name_size = Le16(b, p + 26);
      if (name_at + name_size > b.size() || name_at + name_size > p + head_size) return;
      std::string_view name = b.substr(name_at, name_size);
      // A Unicode name is stored as "ascii\0encoded"; the ASCII part is what
      // the extension check needs.
      if (flags & kFileUnicodeName) name = name.substr(0, name.find('\0'));
      entries.Add(name, (flags & kFileEncrypted) != 0);
    }
    p += head_size + data_size;
  }
}

// Reads a RAR 5 variable-length integer (7 bits a byte, low first) at b[*p].
bool ReadVint(std::string_view b, uint64_t* p, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && *p < b.size(); shift += 7) {
    unsigned char c = static_cast<unsigned char>(b[(*p)++]);
    *value |= static_cast<uint64_t>(c & 0x7F) << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

// RAR 5 (rarlab's technote): blocks of CRC32, header size, type, flags and
// optional extra and data sizes; a file header (type 2) carries the name, an
// encryption record (type 1) in its extra area marks an encrypted file, an
// archive encryption header (type 4) means every header is encrypted.
void ReadRar5(std::string_view b, FileInspection* out) {
  EntryList entries(out);
  constexpr uint64_t kFileHeader = 2, kArchiveEncryption = 4, kEndOfArchive = 5;
  constexpr uint64_t kHasExtra = 0x1, kHasData = 0x2, kFileHasTime = 0x2, kFileHasCrc = 0x4;
  constexpr uint64_t kEncryptionRecord = 1;
  uint64_t p = kRar5.size();
  for (size_t blocks = 0; blocks < 4 * kMaxArchiveEntries && p + 4 < b.size(); ++blocks) {
    uint64_t q = p + 4, head_size = 0, type = 0, flags = 0, extra_size = 0, data_size = 0;
    if (!ReadVint(b, &q, &head_size) || head_size == 0 || head_size > b.size() - q) return;
    uint64_t head_end = q + head_size;
    if (!ReadVint(b, &q, &type) || !ReadVint(b, &q, &flags)) return;
    if ((flags & kHasExtra) && !ReadVint(b, &q, &extra_size)) return;
    if ((flags & kHasData) && !ReadVint(b, &q, &data_size)) return;
    if (type == kArchiveEncryption) {
      out->archive_encrypted = true;
      return;
    }
    if (type == kEndOfArchive) return;
    if (type == kFileHeader) {
      uint64_t file_flags = 0, ignored = 0, name_size = 0;
      if (!ReadVint(b, &q, &file_flags) || !ReadVint(b, &q, &ignored) || !ReadVint(b, &q, &ignored)) return;
      q += ((file_flags & kFileHasTime) ? 4 : 0) + ((file_flags & kFileHasCrc) ? 4 : 0);
      if (!ReadVint(b, &q, &ignored) || !ReadVint(b, &q, &ignored) || !ReadVint(b, &q, &name_size)) return;
      if (q > head_end || name_size > head_end - q) return;
      bool encrypted = false;
      if (extra_size <= head_end - q - name_size) {
        for (uint64_t r = head_end - extra_size; r < head_end;) {
          uint64_t record_size = 0, record_type = 0, record_start = 0;
          if (!ReadVint(b, &r, &record_size)) break;
          record_start = r;
          if (record_size == 0 || record_size > head_end - std::min(record_start, head_end)) break;
          if (!ReadVint(b, &r, &record_type)) break;
          encrypted |= record_type == kEncryptionRecord;
          r = record_start + record_size;
        }
      }
      entries.Add(b.substr(q, name_size), encrypted);
    }
    if (data_size > b.size()) return;
    p = head_end + data_size;
  }
}

// gzip (RFC 1952) holds one file and may name it: "invoice.exe.gz" can carry
// "invoice.exe". The name follows the optional extra field. Returns the name
// ("" when none), also listed as an entry unless it is a .tar: a tarball is
// one archive in two layers, not an archive inside another.
std::string_view ReadGzip(std::string_view b, FileInspection* out) {
  constexpr uint8_t kExtra = 0x04, kName = 0x08;
  if (b.size() < 10) return {};
  uint8_t flags = static_cast<uint8_t>(b[3]);
  if ((flags & kName) == 0) return {};
  size_t p = 10;
  if (flags & kExtra) {
    if (p + 2 > b.size()) return {};
    p += 2 + Le16(b, p);
  }
  if (p >= b.size()) return {};
  size_t end = b.find('\0', p);
  if (end == std::string_view::npos) return {};
  std::string_view name = b.substr(p, end - p);
  if (!EndsWithIgnoreCase(name, ".tar")) EntryList(out).Add(name, false);
  return name;
}

bool StartsZip(std::string_view head) { return head.substr(0, 4) == kZipLocal || head.substr(0, 4) == kZipEmpty; }

// A BIFF8 BOUNDSHEET record (id 0x0085) declaring an Excel 4.0 macro sheet:
// lbPlyPos (4), hsState (0..2), dt = 1 (macro sheet), cch, fHighByte (0/1),
// then the name, so the record length is 8 + cch or 8 + 2 * cch. Requiring
// every field to agree keeps chance matches in other data out.
bool HasExcel4MacroSheet(std::string_view b) {
  constexpr std::string_view kBoundSheet("\x85\x00", 2);
  for (size_t p = b.find(kBoundSheet); p != std::string_view::npos && p + 12 <= b.size();
       p = b.find(kBoundSheet, p + 1)) {
    uint16_t length = Le16(b, p + 2);
    auto state = static_cast<unsigned char>(b[p + 8]), type = static_cast<unsigned char>(b[p + 9]);
    auto chars = static_cast<unsigned char>(b[p + 10]), wide = static_cast<unsigned char>(b[p + 11]);
    if (state <= 2 && type == 1 && chars > 0 && wide <= 1 && length == 8 + chars * (wide ? 2 : 1)) return true;
  }
  return false;
}

// An RTF embedded object's data (\objdata) or an update-on-open object
// (\objupdate, which makes Word load the object without a click). RTF control
// words are case-sensitive.
bool RtfHasEmbeddedObject(std::string_view b) {
  return b.find("\\objdata") != std::string_view::npos || b.find("\\objupdate") != std::string_view::npos;
}

bool StartsArchive(std::string_view head) {
  return StartsZip(head) || head.substr(0, kRar4.size()) == kRar4 || head.substr(0, kRar5.size()) == kRar5 ||
         head.substr(0, kGzip.size()) == kGzip || StartsSevenZip(head);
}

// A 7z archive's names and encryption, from its (inflated) header.
void ReadSevenZipEntries(std::string_view b, size_t inflate_budget, FileInspection* out) {
  SevenZipContents contents = ReadSevenZip(b, kMaxArchiveEntries, inflate_budget);
  EntryList entries(out);
  for (const std::string& name : contents.names) entries.Add(name, contents.encrypted);
  if (contents.encrypted) out->archive_encrypted = true;
  out->inflated_bytes += contents.inflated_bytes;
  out->inflate_budget_hit = out->inflate_budget_hit || contents.over_budget;
}

}  // namespace

bool IsProgramFile(std::string_view head) {
  head = head.substr(0, kFileSniffBytes);
  if (head.size() >= 0x40 && head.substr(0, 2) == "MZ") {
    uint32_t pe = Le32(head, 0x3C);  // e_lfanew: where the PE header starts
    return pe <= head.size() - 4 && head.substr(pe, 4) == std::string_view("PE\0\0", 4);
  }
  constexpr std::string_view kElf("\x7F" "ELF", 4);
  constexpr std::string_view kMachO32("\xCE\xFA\xED\xFE", 4), kMachO64("\xCF\xFA\xED\xFE", 4);
  // The shell link header: its size (0x4C) and the ShellLink CLSID ([MS-SHLLINK] 2.1).
  constexpr std::string_view kShortcut("\x4C\0\0\0\x01\x14\x02\0\0\0\0\0\xC0\0\0\0\0\0\0\x46", 20);
  std::string_view magic = head.substr(0, 4);
  return magic == kElf || magic == kMachO32 || magic == kMachO64 || head.substr(0, kShortcut.size()) == kShortcut;
}

bool IsInspectableFile(std::string_view head) {
  head = head.substr(0, kFileSniffBytes);
  // A PDF reader accepts the header anywhere in the first 1024 bytes, and
  // droppers put junk before it for that reason.
  return StartsArchive(head) || StartsTar(head) || head.substr(0, kOle2.size()) == kOle2 ||
         head.substr(0, kRtf.size()) == kRtf || head.find(kPdf) != std::string_view::npos;
}

namespace {

FileInspection Inspect(std::string_view bytes, size_t inflate_budget, int depth);

// A member worth opening: an archive or a document that can carry macros,
// objects or scripts, by its name. Other members (images, text, the XML parts
// of an OOXML document) are left shut: their names say what ReadZip needs.
bool WorthOpening(std::string_view name) {
  for (std::string_view ext : {".zip", ".gz", ".7z", ".rar", ".doc", ".docm", ".docx", ".dot", ".dotm", ".xls",
                               ".xlsm", ".xlsx", ".xlsb", ".xlt", ".xltm", ".ppt", ".pptm", ".pptx", ".rtf", ".pdf"}) {
    if (EndsWithIgnoreCase(name, ext)) return true;
  }
  return false;
}

// Adds what a file inside the archive (`member`) holds to the archive's own
// findings: its entries as "member/entry" (bare when it has no name).
void MergeMember(std::string_view member, const FileInspection& inner, FileInspection* out) {
  for (const std::string& entry : inner.archive_entries) {
    if (out->archive_entries.size() >= kMaxArchiveEntries) break;
    std::string path = member.empty() ? entry : std::string(member) + "/" + entry;
    if (std::find(out->archive_entries.begin(), out->archive_entries.end(), path) == out->archive_entries.end())
      out->archive_entries.push_back(std::move(path));
  }
  out->archive_encrypted = out->archive_encrypted || inner.archive_encrypted;
  out->office_macros = out->office_macros || inner.office_macros;
  out->pdf_active_content = out->pdf_active_content || inner.pdf_active_content;
  out->embedded_objects = out->embedded_objects || inner.embedded_objects;
  out->inflated_bytes += inner.inflated_bytes;
  out->inflate_budget_hit = out->inflate_budget_hit || inner.inflate_budget_hit;
}

// What the ZIP's members that are archives or documents hold, read as files
// of their own (one level: their own members stay shut), within `budget`
// inflated bytes shared by all of them; their findings join `out`, entries
// named "member/entry".
void OpenZipMembers(std::string_view zip, size_t budget, int depth, FileInspection* out) {
  if (depth >= kMaxOpenedDepth) return;
  size_t opened = 0;
  std::string bytes;
  for (const ZipMember& member : ListZipMembers(zip, kMaxArchiveEntries)) {
    if (opened == kMaxOpenedMembers) break;
    if (member.encrypted || !WorthOpening(member.name)) continue;
    size_t left = budget > out->inflated_bytes ? budget - out->inflated_bytes : 0;
    if (left == 0) {
      out->inflate_budget_hit = true;
      break;
    }
    if (!ReadZipMember(member, left, &bytes)) continue;
    ++opened;
    out->inflated_bytes += bytes.size();
    if (bytes.size() == left && member.size > bytes.size()) out->inflate_budget_hit = true;
    MergeMember(member.name, Inspect(bytes, left - bytes.size(), depth + 1), out);
  }
}

// The file a gzip holds (`name`, "" when unnamed), inflated within `budget`
// and read as a file of its own, one level deep like a ZIP's members: a tar
// archive's names ("backup.tar/invoice.exe"), a ZIP's, a document's macros.
void OpenGzipMember(std::string_view gz, std::string_view name, size_t budget, int depth, FileInspection* out) {
  if (depth >= kMaxOpenedDepth) return;
  std::string bytes;
  if (InflateBounded(gz, DeflateFraming::kGzip, budget, &bytes) == InflateEnd::kLimitReached) {
    out->inflate_budget_hit = true;
  }
  out->inflated_bytes += bytes.size();
  MergeMember(name, Inspect(bytes, budget - bytes.size(), depth + 1), out);
}

FileInspection Inspect(std::string_view bytes, size_t inflate_budget, int depth) {
  FileInspection out;
  std::string_view head = bytes.substr(0, kFileSniffBytes);
  if (StartsZip(head)) {
    ReadZip(bytes, &out);
    OpenZipMembers(bytes, std::min(inflate_budget, kMaxInflatedPdfBytes), depth, &out);
  } else if (head.substr(0, kRar4.size()) == kRar4) {
    ReadRar4(bytes, &out);
  } else if (head.substr(0, kRar5.size()) == kRar5) {
    ReadRar5(bytes, &out);
  } else if (head.substr(0, kGzip.size()) == kGzip) {
    std::string_view name = ReadGzip(bytes, &out);
    OpenGzipMember(bytes, name, std::min(inflate_budget, kMaxInflatedPdfBytes), depth, &out);
  } else if (StartsTar(bytes)) {
    EntryList entries(&out);
    for (const std::string& entry : ListTarNames(bytes, kMaxArchiveEntries)) entries.Add(entry, false);
  } else if (StartsSevenZip(head)) {
    ReadSevenZipEntries(bytes, std::min(inflate_budget, kMaxInflatedPdfBytes), &out);
  } else if (head.substr(0, kOle2.size()) == kOle2) {
    out.office_macros = bytes.find(kVbaProjectUtf16) != std::string_view::npos ||
                        (bytes.find(kWorkbookUtf16) != std::string_view::npos && HasExcel4MacroSheet(bytes));
    out.embedded_objects = bytes.find(kOle10NativeUtf16) != std::string_view::npos ||
                           bytes.find(kEquationNativeUtf16) != std::string_view::npos;
  } else if (head.substr(0, kRtf.size()) == kRtf) {
    out.embedded_objects = RtfHasEmbeddedObject(bytes);
  } else if (head.find(kPdf) != std::string_view::npos) {
    size_t budget = std::min(inflate_budget, kMaxInflatedPdfBytes);
    out.pdf_active_content = PdfHasActiveContent(bytes, budget, &out.inflated_bytes);
    out.inflate_budget_hit = out.inflated_bytes == budget;
  }
  return out;
}

}  // namespace

FileInspection InspectFile(std::string_view bytes, size_t inflate_budget) { return Inspect(bytes, inflate_budget, 0); }

}  // namespace ohm
