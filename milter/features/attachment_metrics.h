// Attachment facts as providers' filters count them: file types Gmail refuses
// by name (support.google.com/mail/answer/6590), and what the parser found
// inside archives, Office documents and PDFs (parse/attachment_inspect.h).
#ifndef OHM_FEATURES_ATTACHMENT_METRICS_H_
#define OHM_FEATURES_ATTACHMENT_METRICS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parsed_message.h"

namespace ohm {

// True for script file names: *.js, *.jse, *.vbs, *.vbe, *.hta, *.wsf (any case).
bool IsScriptFileName(std::string_view name);

// True for the other file types Gmail refuses (*.exe, *.scr, *.msi, *.iso, ...).
bool IsExecutableFileName(std::string_view name);

// True for Office's macro-enabled formats (*.docm, *.xlsm, *.pptm, ...),
// whose names say they carry macros even where the parser could not look.
bool IsMacroEnabledOfficeName(std::string_view name);

// True for archive file names (*.zip, *.rar, *.7z, *.gz, *.tar, *.cab, ...).
bool IsArchiveFileName(std::string_view name);

struct AttachmentCounts {
  size_t scripts = 0;               // attachments with script names
  size_t executables = 0;           // attachments with executable names, or whose bytes are a program
  size_t archive_risky_entries = 0; // archive entries with script or executable names
  size_t encrypted_archives = 0;    // archives with a password-protected entry
  size_t office_macros = 0;         // Office documents with a VBA project or a macro-enabled name
  size_t pdf_active_content = 0;    // PDFs with JavaScript or a launch action
  size_t embedded_objects = 0;      // Office documents embedding an OLE object
  size_t nested_archives = 0;       // archive entries that are archives themselves
  size_t html_files = 0;            // HTML or SVG documents attached (not the message's own HTML body)
  size_t active_html_files = 0;     // those with a script, form, redirect, frame or event handler
  // The first of each, by file name ("archive.zip: setup.exe" for an entry).
  std::string first_script, first_executable, first_risky_entry, first_encrypted, first_macro, first_pdf_active,
      first_embedded_object, first_nested_archive, first_html_file;
  std::string first_active_html;    // "invoice.html (a form)"
};

// Counts over every attachment and inline non-text part.
AttachmentCounts CountAttachments(const std::vector<Attachment>& attachments);

}  // namespace ohm

#endif  // OHM_FEATURES_ATTACHMENT_METRICS_H_
