#include "guard/store_factory.h"

#include "guard/redis_store.h"
#include "guard/sqlite_store.h"

namespace ohm {

std::unique_ptr<GuardStore> OpenGuardStore(const GuardSettings& settings, std::string* error) {
  if (settings.store == "redis") return std::make_unique<RedisGuardStore>(settings.redis);
  return SqliteGuardStore::Open(settings.state_path, error);
}

}  // namespace ohm
