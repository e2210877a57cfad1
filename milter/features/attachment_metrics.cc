#include "features/attachment_metrics.h"

#include "core/raw_message.h"  // EqualsIgnoreCase

namespace ohm {

namespace {

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

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

AttachmentCounts CountAttachments(const std::vector<Attachment>& attachments) {
  AttachmentCounts c;
  for (const Attachment& a : attachments) {
    c.scripts += IsScriptFileName(a.filename);
    c.executables += IsExecutableFileName(a.filename);
    for (const std::string& entry : a.archive_entries) {
      c.archive_risky_entries += IsScriptFileName(entry) || IsExecutableFileName(entry);
    }
    c.encrypted_archives += a.archive_encrypted;
    c.office_macros += a.office_macros || IsMacroEnabledOfficeName(a.filename);
    c.pdf_active_content += a.pdf_active_content;
  }
  return c;
}

}  // namespace ohm
