#include "parse/attachment_inspect.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ohm {
namespace {

void Put16(std::string* out, unsigned v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string* out, unsigned v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

struct Entry {
  std::string name;
  std::string data;
  unsigned flags = 0;
};

// A ZIP archive of stored (uncompressed) entries, as PKWARE's APPNOTE lays it
// out: local headers with data, then the central directory and its end record.
std::string Zip(const std::vector<Entry>& entries, bool with_central_directory = true) {
  std::string out, central;
  for (const Entry& e : entries) {
    unsigned offset = static_cast<unsigned>(out.size());
    out += std::string("PK\x03\x04", 4);
    Put16(&out, 20);
    Put16(&out, e.flags);
    Put16(&out, 0);  // stored
    Put32(&out, 0);  // time, date
    Put32(&out, 0);  // crc (not checked here)
    Put32(&out, static_cast<unsigned>(e.data.size()));
    Put32(&out, static_cast<unsigned>(e.data.size()));
    Put16(&out, static_cast<unsigned>(e.name.size()));
    Put16(&out, 0);
    out += e.name + e.data;
    central += std::string("PK\x01\x02", 4);
    Put16(&central, 20);
    Put16(&central, 20);
    Put16(&central, e.flags);
    Put16(&central, 0);
    Put32(&central, 0);
    Put32(&central, 0);
    Put32(&central, static_cast<unsigned>(e.data.size()));
    Put32(&central, static_cast<unsigned>(e.data.size()));
    Put16(&central, static_cast<unsigned>(e.name.size()));
    Put32(&central, 0);  // extra and comment lengths
    Put32(&central, 0);  // disk, internal attributes
    Put32(&central, 0);  // external attributes
    Put32(&central, offset);
    central += e.name;
  }
  if (!with_central_directory) return out;
  unsigned central_at = static_cast<unsigned>(out.size());
  out += central;
  out += std::string("PK\x05\x06", 4);
  Put32(&out, 0);
  Put16(&out, static_cast<unsigned>(entries.size()));
  Put16(&out, static_cast<unsigned>(entries.size()));
  Put32(&out, static_cast<unsigned>(central.size()));
  Put32(&out, central_at);
  Put16(&out, 0);
  return out;
}

TEST_CASE("ZIP: entry names, each once, from local headers and the central directory") {
  std::string zip = Zip({{"docs/readme.txt", "hello"}, {"Invoice.pdf.js", "var x = 1;"}});
  CHECK(IsInspectableFile(zip));
  FileInspection found = InspectFile(zip);
  CHECK(found.archive_entries == std::vector<std::string>{"docs/readme.txt", "Invoice.pdf.js"});
  CHECK_FALSE(found.archive_encrypted);
  CHECK_FALSE(found.office_macros);
}

TEST_CASE("ZIP: an encrypted entry marks the archive password-protected") {
  FileInspection found = InspectFile(Zip({{"a.txt", "x"}, {"contract.pdf", "\x12\x34", 1}}));
  CHECK(found.archive_encrypted);
  CHECK(found.archive_entries.size() == 2);
}

TEST_CASE("ZIP: a cut archive (no central directory) still shows the entries read so far") {
  std::string zip = Zip({{"one.txt", std::string(100, 'a')}, {"two.exe", std::string(100, 'b')}}, false);
  FileInspection found = InspectFile(zip.substr(0, zip.size() - 50));
  CHECK(found.archive_entries == std::vector<std::string>{"one.txt", "two.exe"});
}

TEST_CASE("ZIP: header-like bytes with a control character in the name are not taken for an entry") {
  // A local header signature inside the data, its name length 5 at offset 26, the name "ab\x01cd".
  std::string fake = std::string("PK\x03\x04", 4) + std::string(22, '\0') + std::string("\x05\0\0\0", 4) + "ab" + "\x01" + "cd";
  std::string zip = Zip({{"ok.txt", fake}});
  FileInspection found = InspectFile(zip);
  CHECK(found.archive_entries == std::vector<std::string>{"ok.txt"});
}

TEST_CASE("ZIP: at most kMaxArchiveEntries names are kept") {
  std::vector<Entry> many;
  for (size_t i = 0; i < kMaxArchiveEntries + 50; ++i) many.push_back({"f" + std::to_string(i) + ".txt", ""});
  CHECK(InspectFile(Zip(many)).archive_entries.size() == kMaxArchiveEntries);
}

TEST_CASE("OOXML: a vbaProject.bin part is a macro project; an ordinary .docx is not") {
  CHECK(InspectFile(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/vbaProject.bin", "\xCC\x61"}})).office_macros);
  CHECK(InspectFile(Zip({{"xl/VBAPROJECT.BIN", ""}})).office_macros);
  CHECK_FALSE(InspectFile(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}})).office_macros);
}

TEST_CASE("OLE2: a _VBA_PROJECT directory entry is a macro project") {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  CHECK(IsInspectableFile(ole));
  CHECK_FALSE(InspectFile(ole + std::string("W\0o\0r\0d\0", 8)).office_macros);
  CHECK(InspectFile(ole + std::string("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0", 24)).office_macros);
  // The ASCII spelling in a text body is not a directory entry.
  CHECK_FALSE(InspectFile(ole + "_VBA_PROJECT").office_macros);
}

TEST_CASE("PDF: JavaScript and launch actions, also behind #xx escapes and junk before the header") {
  CHECK(InspectFile("%PDF-1.7\n3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj").pdf_active_content);
  CHECK(InspectFile("%PDF-1.4\n<< /OpenAction << /S /Launch /F (cmd.exe) >> >>").pdf_active_content);
  CHECK(InspectFile("%PDF-1.4\n<< /S /J#61vaScript >>").pdf_active_content);
  CHECK(InspectFile(std::string(300, 'x') + "%PDF-1.4\n<</JS(x)>>").pdf_active_content);
  // Names that only start like them, and the words in text, are not.
  CHECK_FALSE(InspectFile("%PDF-1.4\n<< /JSON 1 /JavaScripts 2 /Title (JavaScript Launch) >>").pdf_active_content);
  CHECK_FALSE(InspectFile("%PDF-1.4\n<< /Type /Catalog >> /").pdf_active_content);
}

TEST_CASE("other files are not inspected") {
  for (std::string bytes : {std::string("\xFF\xD8\xFF\xE0 jpeg"), std::string("MZ\x90\x00"), std::string(""),
                            std::string("PK"), std::string("plain text mentioning %PD")}) {
    CHECK_FALSE(IsInspectableFile(bytes));
    FileInspection found = InspectFile(bytes);
    CHECK(found.archive_entries.empty());
    CHECK_FALSE(found.office_macros);
    CHECK_FALSE(found.pdf_active_content);
  }
}

}  // namespace
}  // namespace ohm
