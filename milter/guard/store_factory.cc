#include "guard/store_factory.h"

#include "guard/sqlite_store.h"

namespace ohm {

std::unique_ptr<GuardStore> OpenGuardStore(const GuardSettings& settings, std::string* error) {
  if (settings.store == "redis") {
    *error = "guard.store = \"redis\" is not available in this build";
    return nullptr;
  }
  return SqliteGuardStore::Open(settings.state_path, error);
}

}  // namespace ohm
