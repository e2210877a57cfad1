// Fuzz target: an attachment's decoded bytes through the file inspection
// (ZIP and RAR headers, gzip names, OLE2 directory names and BIFF records,
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
  for (const auto& name : found.archive_entries) {
    if (name.empty() || name.size() > size) __builtin_trap();
  }
  return 0;
}
