#include "features/attachment_metrics.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

Attachment File(const std::string& name) {
  Attachment a;
  a.filename = name;
  a.content_type = "application/octet-stream";
  return a;
}

TEST_CASE("file-name classes, any case") {
  CHECK(IsScriptFileName("invoice.pdf.JS"));
  CHECK(IsScriptFileName("a.hta"));
  CHECK_FALSE(IsScriptFileName("notes.json"));
  CHECK(IsExecutableFileName("Setup.EXE"));
  CHECK(IsExecutableFileName("disk.iso"));
  CHECK_FALSE(IsExecutableFileName("report.exe.pdf"));
  CHECK(IsMacroEnabledOfficeName("Budget.XLSM"));
  CHECK(IsMacroEnabledOfficeName("letter.docm"));
  CHECK_FALSE(IsMacroEnabledOfficeName("letter.docx"));
  CHECK_FALSE(IsMacroEnabledOfficeName("docm"));
  CHECK(IsArchiveFileName("inner.ZIP"));
  CHECK(IsArchiveFileName("backup.tar.gz"));
  CHECK_FALSE(IsArchiveFileName("zip-code-list.txt"));
}

TEST_CASE("an archive inside an archive is counted with its path") {
  Attachment zip = File("documents.zip");
  zip.archive_entries = {"documents/Scan_0031.zip", "documents/readme.txt"};
  AttachmentCounts c = CountAttachments({zip, File("plain.zip")});
  CHECK(c.nested_archives == 1);
  CHECK(c.first_nested_archive == "documents.zip: documents/Scan_0031.zip");
}

TEST_CASE("counts and the first of each by name") {
  Attachment zip = File("bundle.zip");
  zip.archive_entries = {"readme.txt", "tools/run.exe", "go.vbs"};
  zip.archive_encrypted = true;
  Attachment doc = File("order.doc");
  doc.office_macros = true;
  Attachment pdf = File("");
  pdf.pdf_active_content = true;
  AttachmentCounts c = CountAttachments({File("a.js"), File("b.scr"), File("c.exe"), zip, doc, File("sheet.xlsm"), pdf});
  CHECK(c.scripts == 1);
  CHECK(c.first_script == "a.js");
  CHECK(c.executables == 2);
  CHECK(c.first_executable == "b.scr");
  CHECK(c.archive_risky_entries == 2);
  CHECK(c.first_risky_entry == "bundle.zip: tools/run.exe");
  CHECK(c.encrypted_archives == 1);
  CHECK(c.first_encrypted == "bundle.zip");
  CHECK(c.office_macros == 2);  // a VBA project found inside, and a macro-enabled name
  CHECK(c.first_macro == "order.doc");
  CHECK(c.pdf_active_content == 1);
  CHECK(c.first_pdf_active == "(no name)");
}

TEST_CASE("nothing to count: no evidence") {
  AttachmentCounts c = CountAttachments({File("photo.jpg"), File("minutes.docx")});
  CHECK(c.scripts + c.executables + c.archive_risky_entries + c.encrypted_archives + c.office_macros +
            c.pdf_active_content ==
        0);
  CHECK(c.first_executable.empty());
  CHECK(c.first_macro.empty());
}

TEST_CASE("a program under another name counts as an executable, and the evidence says so") {
  Attachment renamed = File("Invoice_2291.pdf");
  renamed.program = true;
  Attachment named = File("setup.exe");
  named.program = true;
  AttachmentCounts c = CountAttachments({renamed, named});
  CHECK(c.executables == 2);
  CHECK(c.first_executable == "Invoice_2291.pdf (a program)");
  CHECK(CountAttachments({named}).first_executable == "setup.exe");
  CHECK(CountAttachments({File("report.pdf")}).executables == 0);
}

TEST_CASE("attached web pages, and those that run something, with what they run") {
  Attachment page = File("Remittance.html");
  page.html_file = true;
  page.html_active = "a form";
  Attachment report = File("backup.html");
  report.html_file = true;
  Attachment unnamed_svg = File("");
  unnamed_svg.html_file = true;
  unnamed_svg.html_active = "a script";
  AttachmentCounts c = CountAttachments({report, page, unnamed_svg, File("photo.jpg")});
  CHECK(c.html_files == 3);
  CHECK(c.first_html_file == "backup.html");
  CHECK(c.active_html_files == 2);
  CHECK(c.first_active_html == "Remittance.html (a form)");
  CHECK(CountAttachments({unnamed_svg}).first_active_html == "(no name) (a script)");
  CHECK(CountAttachments({File("page.html")}).html_files == 0);  // counted as the parser found it, not by name here
}

}  // namespace
}  // namespace ohm

