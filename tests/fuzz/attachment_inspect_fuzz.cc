// Fuzz target: an attachment's decoded bytes through the file inspection
// (ZIP and RAR headers, 7z headers inflated with liblzma, gzip names, OLE2 directory names and BIFF records,
// RTF objects, PDF names also in inflated object streams) and the program
// sniffing, as ParseMessage runs them on every attachment.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "parse/attachment_inspect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = ohm::AsText(data, size);
  ohm::IsInspectableFile(bytes);
  ohm::IsProgramFile(bytes);
  ohm::FileInspection found = ohm::InspectFile(bytes);
  if (found.archive_entries.size() > ohm::kMaxArchiveEntries) __builtin_trap();
  if (found.inflated_bytes > ohm::kMaxInflatedPdfBytes) __builtin_trap();
  for (const auto& name : found.archive_entries) {
    // A 7z name comes out of an inflated header, so it can outgrow the input.
    if (name.empty() || name.size() > size + found.inflated_bytes) __builtin_trap();
  }
  return 0;
}
