// What an attachment's bytes show without opening it the way its program
// would: the entry names and encryption of a ZIP, RAR (4 and 5) or 7z archive
// (Office's OOXML files are ZIP archives too), the file name a gzip file
// records, a VBA macro project inside an Office document
// (OLE2 .doc/.xls or OOXML), embedded OLE objects (RTF, OLE2, OOXML: how
// packaged programs and equation-editor exploits travel), and active content in a PDF (JavaScript, launch
// actions, also inside compressed object streams). Malware sent from a
// compromised account hides in exactly these, and mailbox providers look
// inside them. The reading is defensive and bounded: only the bytes given are
// read (a cut file shows what its first bytes show); a ZIP's members that are
// archives or documents (by name, at most kMaxOpenedMembers) are inflated and
// read in turn, one level deep; a PDF's object streams and a 7z archive's
// header are inflated too, all within a fixed budget (4 MB a file; 32 PDF
// streams; parse/zip_members.h, parse/pdf_inspect.h,
// parse/sevenzip_inspect.h). RAR, 7z and gzip members stay shut.
#ifndef OHM_PARSE_ATTACHMENT_INSPECT_H_
#define OHM_PARSE_ATTACHMENT_INSPECT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

struct FileInspection {
  // Names in a ZIP/RAR/7z/tar archive or gzip file, each once, at most
  // kMaxArchiveEntries; those of an archive inside a ZIP or gzip file as
  // "inner.zip/name", "backup.tar/name".
  std::vector<std::string> archive_entries;
  bool archive_encrypted = false;            // an entry, or a RAR or 7z archive's headers, are encrypted (password-protected)
  bool office_macros = false;                // a VBA project (vbaProject.bin, _VBA_PROJECT) or an Excel 4.0 macro sheet
  bool pdf_active_content = false;           // a PDF uses /JavaScript, /JS or /Launch
  // An Office document embeds an OLE object: an RTF \objdata, a packaged file
  // or equation object in an OLE2 document, an oleObject part in OOXML.
  bool embedded_objects = false;
  size_t inflated_bytes = 0;  // bytes inflated to read ZIP members, a gzip file, a PDF's object streams or a 7z header
  bool inflate_budget_hit = false;  // reading stopped at the inflate budget: there was more to inflate
};

constexpr size_t kMaxArchiveEntries = 200;
// A ZIP's members opened to be read (archives and documents by name), and how
// deep: 1 reads the members of the attached archive (or the file a gzip
// holds), not theirs.
constexpr size_t kMaxOpenedMembers = 16;
constexpr int kMaxOpenedDepth = 1;
// The most a PDF's object streams, or a 7z archive's header, are inflated to
// (a decompression bomb stops there), unless the caller's budget is smaller.
constexpr size_t kMaxInflatedPdfBytes = 4 << 20;
// The first bytes InspectFile needs to tell whether a file is worth reading.
constexpr size_t kFileSniffBytes = 1024;

// True when `head` (the first kFileSniffBytes of a file, or all of a shorter
// one) starts a ZIP, RAR, 7z or tar archive, a gzip file, an OLE2 compound
// document, an RTF document or a PDF.
bool IsInspectableFile(std::string_view head);

// True when `head` (a file's first kFileSniffBytes) is a program whatever
// the file is named: a Windows executable (MZ header pointing at a PE
// header), an ELF or Mach-O binary, or a Windows shortcut (.lnk), which runs
// a command when opened. A renamed "invoice.pdf" that is a program is how
// droppers get past name checks; Gmail looks at the bytes too.
bool IsProgramFile(std::string_view head);

// Reads a ZIP, RAR, 7z or tar archive, gzip file, OLE2 or RTF document or
// PDF; anything else yields nothing. ZIP members, the file a gzip holds (a
// tar archive's names, or what Inspect finds in it), a PDF's object streams
// or a 7z header are inflated to at most min(inflate_budget,
// kMaxInflatedPdfBytes) bytes in all, reported in inflated_bytes, so a caller
// can bound the inflating of a whole message.
FileInspection InspectFile(std::string_view bytes, size_t inflate_budget = kMaxInflatedPdfBytes);

}  // namespace ohm

#endif  // OHM_PARSE_ATTACHMENT_INSPECT_H_
