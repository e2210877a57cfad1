// Fuzz target: an attachment's decoded bytes through the file inspection
// (ZIP headers, OLE2 directory names, PDF name objects), as ParseMessage runs
// it on every attachment whose first bytes look like one of those files.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "parse/attachment_inspect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = ohm::AsText(data, size);
  ohm::IsInspectableFile(bytes);
  ohm::FileInspection found = ohm::InspectFile(bytes);
  if (found.archive_entries.size() > ohm::kMaxArchiveEntries) __builtin_trap();
  for (const auto& name : found.archive_entries) {
    if (name.empty() || name.size() > size) __builtin_trap();
  }
  return 0;
}
