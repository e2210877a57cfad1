#include "features/attachment_metrics.h"

#include "core/ascii.h"

namespace ohm {

namespace {

bool EndsWithAny(std::string_view name, std::initializer_list<std::string_view> extensions) {
  for (std::string_view ext : extensions) {
    if (EndsWithIgnoreCase(name, ext)) return true;
  }
  return false;
}

}  // namespace

bool IsScriptFileName(std::string_view name) {
  return EndsWithAny(name, {".js", ".jse", ".vbs", ".vbe", ".hta", ".wsf"});
}

bool IsExecutableFileName(std::string_view name) {
  return EndsWithAny(name, {".ade", ".adp", ".apk", ".appx", ".appxbundle", ".bat", ".cab", ".chm", ".cmd", ".com",
                            ".cpl", ".diagcab", ".diagcfg", ".diagpack", ".dll", ".dmg", ".ex", ".ex_", ".exe",
                            ".img", ".ins", ".iso", ".isp", ".jar", ".jnlp", ".lib", ".lnk", ".mde", ".mjs", ".msc",
                            ".msi", ".msix", ".msixbundle", ".msp", ".mst", ".nsh", ".pif", ".ps1", ".scr", ".sct",
                            ".shb", ".sys", ".vb", ".vhd", ".vxd", ".wsc", ".wsh", ".xll"});
}

bool IsMacroEnabledOfficeName(std::string_view name) {
  return EndsWithAny(name, {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam", ".ppsm",
                            ".sldm"});
}

bool IsArchiveFileName(std::string_view name) {
  return EndsWithAny(name, {".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab", ".arj", ".ace",
                            ".lzh", ".lha", ".zipx", ".r00"});
}

AttachmentCounts CountAttachments(const std::vector<Attachment>& attachments) {
  AttachmentCounts c;
  auto shown = [](const std::string& name) { return name.empty() ? std::string("(no name)") : name; };
  // Counts `hit` in `*count` and keeps the first one's name in `*first`.
  auto count = [&shown](bool hit, const std::string& name, size_t* count, std::string* first) {
    if (!hit) return;
    if (*count == 0) *first = shown(name);
    ++*count;
  };
  for (const Attachment& a : attachments) {
    count(IsScriptFileName(a.filename), a.filename, &c.scripts, &c.first_script);
    // A program is one by its name or by its bytes; the evidence says which
    // when the name hides it ("invoice.pdf (a program)").
    bool named_executable = IsExecutableFileName(a.filename);
    bool hidden_program = a.program && !named_executable;
    count(named_executable || a.program,
          hidden_program ? shown(a.filename) + " (a program)" : a.filename,
          &c.executables, &c.first_executable);
    for (const std::string& entry : a.archive_entries) {
      count(IsScriptFileName(entry) || IsExecutableFileName(entry), a.filename + ": " + entry,
            &c.archive_risky_entries, &c.first_risky_entry);
      count(IsArchiveFileName(entry), a.filename + ": " + entry, &c.nested_archives, &c.first_nested_archive);
    }
    count(a.archive_encrypted, a.filename, &c.encrypted_archives, &c.first_encrypted);
    count(a.office_macros || IsMacroEnabledOfficeName(a.filename), a.filename, &c.office_macros, &c.first_macro);
    count(a.pdf_active_content, a.filename, &c.pdf_active_content, &c.first_pdf_active);
    count(a.embedded_objects, a.filename, &c.embedded_objects, &c.first_embedded_object);
    count(a.html_file, a.filename, &c.html_files, &c.first_html_file);
    count(!a.html_active.empty(), shown(a.filename) + " (" + a.html_active + ")",
          &c.active_html_files, &c.first_active_html);
  }
  return c;
}

}  // namespace ohm
