// Opens the store guard.store names, the same way for the daemon and `ohm guard`.
#ifndef OHM_GUARD_STORE_FACTORY_H_
#define OHM_GUARD_STORE_FACTORY_H_

#include <memory>
#include <string>

#include "guard/guard_settings.h"
#include "guard/guard_store.h"

namespace ohm {

// The SQLite file at guard.state_path, or the Redis endpoints of [guard.redis].
// Returns nullptr and sets *error when the store cannot be opened (a Redis
// store opens without connecting: it connects, and reconnects, on use).
std::unique_ptr<GuardStore> OpenGuardStore(const GuardSettings& settings, std::string* error);

}  // namespace ohm

#endif  // OHM_GUARD_STORE_FACTORY_H_
