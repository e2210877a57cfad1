#include "parse/attachment_inspect.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tar_writer.h"
#include "zip_writer.h"

namespace ohm {
namespace {

using testing::Gzip;
using testing::Put16;
using testing::Tar;
using testing::Put32;
using testing::Zip;
using Entry = testing::ZipEntry;

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

TEST_CASE("ZIP: an archive inside a ZIP is opened and its names read as inner/name") {
  std::string inner = Zip({{"scan_0412.exe", std::string(2000, 'M'), 0, true}, {"readme.txt", "hi"}});
  FileInspection found = InspectFile(Zip({{"scan.zip", inner, 0, true}, {"cover.txt", "see attached"}}));
  CHECK(found.archive_entries ==
        std::vector<std::string>{"scan.zip", "cover.txt", "scan.zip/scan_0412.exe", "scan.zip/readme.txt"});
  CHECK(found.inflated_bytes >= inner.size());
  CHECK_FALSE(found.inflate_budget_hit);
}

TEST_CASE("ZIP: a macro document or an encrypted archive inside a ZIP is seen") {
  std::string docm = Zip({{"[Content_Types].xml", "<Types/>", 0, true}, {"word/vbaProject.bin", "\xCC\x61", 0, true}});
  FileInspection macro = InspectFile(Zip({{"Invoice 2291.docm", docm, 0, true}}));
  CHECK(macro.office_macros);
  std::string locked = Zip({{"payload.js", "x", 1}});
  CHECK(InspectFile(Zip({{"docs.zip", locked, 0, true}})).archive_encrypted);
  // Members that are not archives or documents are left shut.
  FileInspection shut = InspectFile(Zip({{"photo.jpg", docm, 0, true}}));
  CHECK(shut.archive_entries == std::vector<std::string>{"photo.jpg"});
  CHECK_FALSE(shut.office_macros);
  CHECK(shut.inflated_bytes == 0);
}

TEST_CASE("ZIP: only one level is opened, and the inflate budget bounds every member together") {
  std::string third = Zip({{"deep.exe", "MZ"}});
  std::string second = Zip({{"third.zip", third, 0, true}});
  FileInspection found = InspectFile(Zip({{"second.zip", second, 0, true}}));
  CHECK(found.archive_entries == std::vector<std::string>{"second.zip", "second.zip/third.zip"});
  // A bomb: 16 members of 8 MB of zeros each, a few KB packed.
  std::vector<Entry> bombs;
  for (int i = 0; i < 16; ++i) bombs.push_back({"part" + std::to_string(i) + ".zip", std::string(8 << 20, '\0'), 0, true});
  FileInspection bomb = InspectFile(Zip(bombs), 1 << 20);
  CHECK(bomb.inflated_bytes == 1 << 20);
  CHECK(bomb.inflate_budget_hit);
  CHECK(InspectFile(Zip(bombs)).inflated_bytes == kMaxInflatedPdfBytes);
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

TEST_CASE("PDF: read for active content wherever its header is in the first 1024 bytes") {
  CHECK(InspectFile("%PDF-1.7\n3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj").pdf_active_content);
  CHECK(IsInspectableFile(std::string(300, 'x') + "%PDF-1.4\n<</JS(x)>>"));
  CHECK(InspectFile(std::string(300, 'x') + "%PDF-1.4\n<</JS(x)>>").pdf_active_content);
  CHECK_FALSE(InspectFile("%PDF-1.4\n<< /Type /Catalog >>").pdf_active_content);
}

// A RAR 4 archive as rarlab's technote lays it out: marker, main header,
// one file header (0x74) per entry followed by its stored data, end block.
// CRCs are left 0: the reader does not check them.
std::string Rar4(const std::vector<Entry>& entries, bool headers_encrypted = false) {
  std::string out("Rar!\x1A\x07\x00", 7);
  Put16(&out, 0);
  out.push_back(0x73);
  Put16(&out, headers_encrypted ? 0x0080 : 0);
  Put16(&out, 13);
  Put16(&out, 0);
  Put32(&out, 0);
  for (const Entry& e : entries) {
    Put16(&out, 0);
    out.push_back(0x74);
    Put16(&out, 0x8000 | (e.flags ? 0x0004 : 0));
    Put16(&out, static_cast<unsigned>(32 + e.name.size()));
    Put32(&out, static_cast<unsigned>(e.data.size()));  // packed size
    Put32(&out, static_cast<unsigned>(e.data.size()));  // unpacked size
    out.push_back(2);                                   // host OS: Windows
    Put32(&out, 0);                                     // file CRC
    Put32(&out, 0);                                     // time
    out.push_back(29);                                  // version needed
    out.push_back(0x30);                                // method: store
    Put16(&out, static_cast<unsigned>(e.name.size()));
    Put32(&out, 0x20);                                  // attributes
    out += e.name + e.data;
  }
  Put16(&out, 0);
  out.push_back(0x7B);
  Put16(&out, 0x4000);
  Put16(&out, 7);
  return out;
}

std::string Vint(uint64_t v) {
  std::string out;
  do {
    unsigned char c = v & 0x7F;
    v >>= 7;
    out.push_back(static_cast<char>(c | (v ? 0x80 : 0)));
  } while (v);
  return out;
}

// One RAR 5 block: CRC32 (0, unchecked), header size, type, flags, extra and
// data sizes when present, the type's fields, the extra area, then the data.
std::string Rar5Block(uint64_t type, const std::string& fields, const std::string& extra = "",
                      const std::string& data = "") {
  uint64_t flags = (extra.empty() ? 0 : 1) | (data.empty() ? 0 : 2);
  std::string body = Vint(type) + Vint(flags);
  if (!extra.empty()) body += Vint(extra.size());
  if (!data.empty()) body += Vint(data.size());
  body += fields + extra;
  std::string out;
  Put32(&out, 0);
  return out + Vint(body.size()) + body + data;
}

std::string Rar5(const std::vector<Entry>& entries) {
  std::string out("Rar!\x1A\x07\x01\x00", 8);
  out += Rar5Block(1, Vint(0));  // main archive header, no archive flags
  for (const Entry& e : entries) {
    std::string fields = Vint(0x4) + Vint(e.data.size()) + Vint(0x20);  // CRC present, size, attributes
    Put32(&fields, 0);                                                     // data CRC32
    fields += Vint(0) + Vint(0) + Vint(e.name.size()) + e.name;           // compression, host OS, name
    std::string extra;
    if (e.flags) {
      std::string record = Vint(1) + Vint(0) + Vint(0) + std::string(1, '\x0F') + std::string(32, 's');
      extra = Vint(record.size()) + record;  // file encryption record: version, flags, KDF count, salt and IV
    }
    out += Rar5Block(2, fields, extra, e.data);
  }
  return out + Rar5Block(5, Vint(0));
}

TEST_CASE("RAR 4: file names and password-protected files") {
  std::string rar = Rar4({{"readme.txt", "hello"}, {"Invoice_0318.pdf.exe", std::string(40, 'M')}});
  CHECK(IsInspectableFile(rar));
  CHECK(InspectFile(rar).archive_entries == std::vector<std::string>{"readme.txt", "Invoice_0318.pdf.exe"});
  CHECK_FALSE(InspectFile(rar).archive_encrypted);
  CHECK(InspectFile(Rar4({{"a.txt", "x"}, {"payload.js", "y", 1}})).archive_encrypted);
  // Headers encrypted: no names to read, but the archive is password-protected.
  FileInspection sealed = InspectFile(Rar4({{"hidden.exe", "x"}}, true));
  CHECK(sealed.archive_encrypted);
  CHECK(sealed.archive_entries.empty());
  // Cut inside the second file's data: the names read so far are kept.
  CHECK(InspectFile(rar.substr(0, rar.size() - 30)).archive_entries.size() == 2);
}

TEST_CASE("RAR 5: file names, encryption records, encrypted headers") {
  std::string rar = Rar5({{"docs/notes.txt", "abc"}, {"setup.scr", std::string(300, 'M')}});
  CHECK(IsInspectableFile(rar));
  CHECK(InspectFile(rar).archive_entries == std::vector<std::string>{"docs/notes.txt", "setup.scr"});
  CHECK_FALSE(InspectFile(rar).archive_encrypted);
  FileInspection locked = InspectFile(Rar5({{"a.txt", "x"}, {"b.vbs", "y", 1}}));
  CHECK(locked.archive_encrypted);
  CHECK(locked.archive_entries == std::vector<std::string>{"a.txt", "b.vbs"});
  std::string sealed = std::string("Rar!\x1A\x07\x01\x00", 8) + Rar5Block(4, Vint(0) + Vint(0) + std::string(17, 'k'));
  CHECK(InspectFile(sealed).archive_encrypted);
  // Every cut of the archive reads without harm and never invents a name.
  for (size_t cut = 0; cut <= rar.size(); ++cut) {
    for (const std::string& name : InspectFile(rar.substr(0, cut)).archive_entries) {
      CHECK((name == "docs/notes.txt" || name == "setup.scr"));
    }
  }
}

TEST_CASE("gzip: the file name it records is its one entry") {
  std::string gz("\x1F\x8B\x08\x08\0\0\0\0\0\x03", 10);
  gz += std::string("statement.pdf.exe\0", 18) + "\x4B\x4C\x4A\x06\x00";
  CHECK(IsInspectableFile(gz));
  CHECK(InspectFile(gz).archive_entries == std::vector<std::string>{"statement.pdf.exe"});
  // With an extra field before the name.
  std::string with_extra("\x1F\x8B\x08\x0C\0\0\0\0\0\x03\x04\x00XYZW", 16);
  CHECK(InspectFile(with_extra + std::string("run.js\0", 7)).archive_entries == std::vector<std::string>{"run.js"});
  // No name recorded, or a name without its end: nothing.
  CHECK(InspectFile(std::string("\x1F\x8B\x08\x00\0\0\0\0\0\x03\x4B\x4C", 12)).archive_entries.empty());
  CHECK(InspectFile(std::string("\x1F\x8B\x08\x08\0\0\0\0\0\x03run.e", 15)).archive_entries.empty());
}

TEST_CASE("gzip: the file it holds is opened: a tar archive's names, a ZIP's, a document's macros") {
  std::string tar = Tar({{"statements/", "", '5'}, {"statements/march.pdf", "%PDF-1.4"}, {"statements/open.exe", "MZ"}});
  FileInspection tgz = InspectFile(Gzip(tar, "statements.tar"));
  // The .tar itself is not an entry: a tarball is one archive, not one inside another.
  CHECK(tgz.archive_entries == std::vector<std::string>{"statements.tar/statements/",
                                                        "statements.tar/statements/march.pdf",
                                                        "statements.tar/statements/open.exe"});
  CHECK(tgz.inflated_bytes == tar.size());
  CHECK_FALSE(tgz.inflate_budget_hit);
  // No name recorded (what "tar czf" writes from a pipe): the member names alone.
  CHECK(InspectFile(Gzip(tar)).archive_entries ==
        std::vector<std::string>{"statements/", "statements/march.pdf", "statements/open.exe"});
  // A ZIP or a macro document inside.
  CHECK(InspectFile(Gzip(Zip({{"run.js", "x"}}), "files.zip")).archive_entries ==
        std::vector<std::string>{"files.zip", "files.zip/run.js"});
  std::string docm = Zip({{"[Content_Types].xml", "<Types/>"}, {"word/vbaProject.bin", "\xCC\x61"}});
  CHECK(InspectFile(Gzip(docm, "invoice.docm")).office_macros);
  // One level only: a ZIP inside the gzip is read, the archives inside it are not opened.
  std::string nested = Zip({{"inner.zip", Zip({{"deep.exe", "MZ"}}), 0, true}});
  CHECK(InspectFile(Gzip(nested, "outer.zip")).archive_entries ==
        std::vector<std::string>{"outer.zip", "outer.zip/inner.zip"});
}

TEST_CASE("gzip: a bomb inflates to the budget and no further") {
  std::string bomb = Gzip(std::string(16 << 20, '\0'), "zeros.tar");
  FileInspection found = InspectFile(bomb, 1 << 20);
  CHECK(found.inflated_bytes == 1 << 20);
  CHECK(found.inflate_budget_hit);
  CHECK(InspectFile(bomb).inflated_bytes == kMaxInflatedPdfBytes);
  CHECK(InspectFile(bomb, 0).inflated_bytes == 0);
}

TEST_CASE("tar: an attached tar archive lists its names") {
  std::string tar = Tar({{"a.txt", "a"}, {"b.scr", "b"}});
  CHECK(IsInspectableFile(tar.substr(0, kFileSniffBytes)));
  CHECK(InspectFile(tar).archive_entries == std::vector<std::string>{"a.txt", "b.scr"});
}

TEST_CASE("embedded OLE objects: RTF \\objdata, OLE2 packages and equations, OOXML oleObject parts") {
  std::string rtf = "{\\rtf1\\ansi {\\object\\objemb{\\*\\objclass Package}{\\*\\objdata 0105000002000000}}}";
  CHECK(IsInspectableFile(rtf));
  CHECK(InspectFile(rtf).embedded_objects);
  CHECK(InspectFile("{\\rt junk \\objupdate").embedded_objects);  // Word reads "{\rt" as RTF
  CHECK_FALSE(InspectFile("{\\rtf1\\ansi the objdata field and \\b objects\\b0 to update}").embedded_objects);
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  CHECK(InspectFile(ole + std::string("\x01\0O\0l\0e\0" "1\0" "0\0N\0a\0t\0i\0v\0e\0", 24)).embedded_objects);
  CHECK(InspectFile(ole + std::string("E\0q\0u\0a\0t\0i\0o\0n\0 \0N\0a\0t\0i\0v\0e\0", 30)).embedded_objects);
  CHECK_FALSE(InspectFile(ole + std::string("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24)).embedded_objects);
  CHECK(InspectFile(Zip({{"word/document.xml", "<w:document/>"}, {"word/embeddings/oleObject1.bin", "x"}})).embedded_objects);
  CHECK_FALSE(InspectFile(Zip({{"word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK"}})).embedded_objects);
}

TEST_CASE("Excel 4.0 macro sheets: a BIFF8 BOUNDSHEET of type 1 in an .xls, a macrosheets part in an .xlsm") {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0') + std::string("W\0o\0r\0k\0b\0o\0o\0k\0", 16) + std::string(100, '\0');
  // BOUNDSHEET: id 0x0085, length 8 + 6, position, hidden (1), macro sheet (1), 6 chars, 8-bit, "Macro1".
  std::string macro_sheet = std::string("\x85\x00\x0E\x00\x00\x10\x00\x00\x01\x01\x06\x00", 12) + "Macro1";
  std::string work_sheet = std::string("\x85\x00\x0E\x00\x00\x10\x00\x00\x00\x00\x06\x00", 12) + "Sheet1";
  CHECK(InspectFile(ole + work_sheet + macro_sheet).office_macros);
  CHECK_FALSE(InspectFile(ole + work_sheet).office_macros);
  // A length that does not fit the name is no record.
  CHECK_FALSE(InspectFile(ole + std::string("\x85\x00\x20\x00\x00\x10\x00\x00\x01\x01\x06\x00", 12) + "Macro1").office_macros);
  // Without a Workbook stream the same bytes are no spreadsheet.
  CHECK_FALSE(InspectFile(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0') + macro_sheet).office_macros);
  CHECK(InspectFile(Zip({{"xl/workbook.xml", "<workbook/>"}, {"xl/macrosheets/sheet1.xml", "<xm:macrosheet/>"}})).office_macros);
}

TEST_CASE("programs are known by their bytes: PE, ELF, Mach-O, Windows shortcuts") {
  std::string pe = "MZ" + std::string(0x3A, '\0');
  Put32(&pe, 0x80);  // e_lfanew
  pe += std::string(0x80 - pe.size(), '\0') + std::string("PE\0\0", 4) + std::string(40, '\0');
  CHECK(IsProgramFile(pe));
  std::string dos_only = pe;
  dos_only[0x80] = 'X';  // an MZ header without a PE header (a text file starting "MZ")
  CHECK_FALSE(IsProgramFile(dos_only));
  std::string far = pe;
  far[0x3C] = '\xFF';
  far[0x3D] = '\xFF';  // e_lfanew past the bytes given
  CHECK_FALSE(IsProgramFile(far));
  CHECK(IsProgramFile(std::string("\x7F" "ELF\x02\x01\x01", 7) + std::string(60, '\0')));
  CHECK(IsProgramFile(std::string("\xCF\xFA\xED\xFE", 4) + std::string(60, '\0')));
  CHECK(IsProgramFile(std::string("\x4C\0\0\0\x01\x14\x02\0\0\0\0\0\xC0\0\0\0\0\0\0\x46", 20) + std::string(60, '\0')));
  CHECK_FALSE(IsProgramFile("MZ"));
  CHECK_FALSE(IsProgramFile("%PDF-1.7\n"));
  CHECK_FALSE(IsProgramFile("Mzungu is a word, ELF is another"));
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
