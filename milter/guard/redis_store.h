// The shared guard store: Redis (hiredis), for several MTAs enforcing one set
// of counters and breakers. A message costs one round trip: one EVALSHA of a
// Lua script that reads, checks and updates every counter, records the
// decision and reads the breakers atomically. Every key expires with its
// window, so Redis holds only live state. Connect and command timeouts are
// bounded; the endpoints are tried in order on every (re)connect, which is the
// failover path (list the primary first, then the replica to be promoted, or
// a proxy such as a Sentinel-aware HAProxy). After a failure the store does
// not try again for a second, so a dead Redis costs each message nothing
// beyond guard.on_store_error.
#ifndef OHM_GUARD_REDIS_STORE_H_
#define OHM_GUARD_REDIS_STORE_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "guard/guard_settings.h"
#include "guard/guard_store.h"

struct redisContext;

namespace ohm {

class RedisGuardStore : public GuardStore {
 public:
  // Does not connect: the first call does (so the daemon starts while Redis is down).
  explicit RedisGuardStore(RedisSettings settings);
  ~RedisGuardStore() override;

  bool Process(const GuardRequest& request, GuardReply* reply, std::string* error) override;
  bool Put(const BreakerState& state, std::string* error) override;
  bool TripOnce(const BreakerState& state, bool* written, std::string* error) override;
  bool Status(int64_t now, size_t top, StoreStatus* status, std::string* error) override;

 private:
  // Connects when not connected (endpoints in order). Requires mu_.
  bool EnsureConnected(std::string* error);
  // Drops the connection after an I/O error and holds off reconnecting. Requires mu_.
  void Disconnect();
  // Runs kPutScript for `b`; *written tells whether it wrote. Requires mu_.
  bool RunPut(const BreakerState& b, bool only_if_clear, bool* written, std::string* error);

  RedisSettings settings_;
  std::mutex mu_;
  redisContext* ctx_ = nullptr;                    // guarded by mu_
  std::string endpoint_;                           // guarded by mu_: the one connected to
  std::string process_sha_;                        // guarded by mu_
  std::chrono::steady_clock::time_point retry_at_; // guarded by mu_
};

}  // namespace ohm

#endif  // OHM_GUARD_REDIS_STORE_H_
