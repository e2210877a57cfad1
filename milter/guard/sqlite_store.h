// The embedded guard store: one SQLite file (WAL, synchronous=NORMAL), so
// counters and breakers survive a restart and `ohm guard` reads and changes
// the same state the daemon uses. One transaction per message; rows expire by
// time (buckets past their window, decisions past the breaker windows, ended
// breakers), so the file stays small whatever the traffic.
#ifndef OHM_GUARD_SQLITE_STORE_H_
#define OHM_GUARD_SQLITE_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "guard/guard_store.h"

struct sqlite3;

namespace ohm {

class SqliteGuardStore : public GuardStore {
 public:
  // Opens (creating when missing) the store at `path`; ":memory:" for a
  // private in-memory store (tests). Returns nullptr and sets *error when the
  // file cannot be opened or its schema created.
  static std::unique_ptr<SqliteGuardStore> Open(const std::string& path, std::string* error);
  ~SqliteGuardStore() override;

  bool Process(const GuardRequest& request, GuardReply* reply, std::string* error) override;
  bool Put(const BreakerState& state, std::string* error) override;
  bool TripOnce(const BreakerState& state, bool* written, std::string* error) override;
  bool Status(int64_t now, size_t top, StoreStatus* status, std::string* error) override;

 private:
  SqliteGuardStore() = default;
  class Statements;

  // Runs `body` in one BEGIN IMMEDIATE ... COMMIT under mu_. `body` returns
  // nullptr when all went well, else the step that failed ("write counter");
  // the transaction is then rolled back and *error names that step and
  // SQLite's message. Returns whether it committed.
  bool InTransaction(const std::function<const char*(Statements&)>& body, std::string* error);

  std::mutex mu_;
  sqlite3* db_ = nullptr;                 // guarded by mu_
  std::unique_ptr<Statements> stmts_;     // guarded by mu_
  int64_t next_prune_ = 0;                // guarded by mu_
  int64_t keep_events_ = 0;               // guarded by mu_: the longest event window seen
};

// The window seconds of a counter key ("kind|SECONDS|key"); 0 when malformed.
int64_t CounterKeyWindow(const std::string& key);

}  // namespace ohm

#endif  // OHM_GUARD_SQLITE_STORE_H_
