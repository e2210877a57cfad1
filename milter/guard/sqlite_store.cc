#include "guard/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace ohm {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS counters(
  key TEXT NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL, expires INTEGER NOT NULL,
  PRIMARY KEY(key, bucket)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS counters_expires ON counters(expires);
CREATE TABLE IF NOT EXISTS events(
  sender TEXT NOT NULL, time INTEGER NOT NULL, message_id TEXT NOT NULL, score REAL NOT NULL,
  bad INTEGER NOT NULL, high INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_sender ON events(sender, time);
CREATE INDEX IF NOT EXISTS events_high ON events(high, time);
CREATE TABLE IF NOT EXISTS breakers(
  sender TEXT PRIMARY KEY, tripped INTEGER NOT NULL, since INTEGER NOT NULL, until INTEGER NOT NULL,
  reason TEXT NOT NULL, message_ids TEXT NOT NULL);
)sql";

// Expired rows are deleted at most this often (seconds): pruning on every
// message would cost more than the rows it saves.
constexpr int64_t kPruneInterval = 60;

// A prepared statement, reset and unbound for its next use.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  bool Prepare(sqlite3* db, const char* sql) { return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) == SQLITE_OK; }
  Stmt& Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }
  Stmt& Bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  int64_t Int(int col) { return sqlite3_column_int64(s_, col); }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, col)) : "";
  }
  void Reset() { sqlite3_reset(s_); sqlite3_clear_bindings(s_); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace

class SqliteGuardStore::Statements {
 public:
  Stmt begin, commit, rollback;
  Stmt counter_sum, counter_add;
  Stmt event_insert, bad_count, bad_ids, high_senders, high_ids;
  Stmt breakers_of, breaker_put, breaker_tripped, events_forget;
  Stmt prune_counters, prune_events, prune_breakers;
  Stmt status_counters, status_breakers;

  bool PrepareAll(sqlite3* db) {
    return begin.Prepare(db, "BEGIN IMMEDIATE") && commit.Prepare(db, "COMMIT") &&
           rollback.Prepare(db, "ROLLBACK") &&
           counter_sum.Prepare(db, "SELECT COALESCE(SUM(count), 0) FROM counters WHERE key = ?1 AND bucket >= ?2") &&
           counter_add.Prepare(db,
               "INSERT INTO counters(key, bucket, count, expires) VALUES(?1, ?2, ?3, ?4) "
               "ON CONFLICT(key, bucket) DO UPDATE SET count = count + excluded.count") &&
           event_insert.Prepare(db, "INSERT INTO events(sender, time, message_id, score, bad, high) VALUES(?1, ?2, ?3, ?4, ?5, ?6)") &&
           bad_count.Prepare(db, "SELECT COUNT(*) FROM events WHERE sender = ?1 AND time > ?2 AND bad = 1") &&
           bad_ids.Prepare(db, "SELECT message_id FROM events WHERE sender = ?1 AND time > ?2 AND bad = 1 "
                               "ORDER BY time DESC, rowid DESC LIMIT ?3") &&
           high_senders.Prepare(db, "SELECT COUNT(DISTINCT sender) FROM events WHERE high = 1 AND time > ?1") &&
           high_ids.Prepare(db, "SELECT message_id FROM events WHERE high = 1 AND time > ?1 "
                                "ORDER BY time DESC, rowid DESC LIMIT ?2") &&
           breakers_of.Prepare(db, "SELECT sender, tripped, since, until, reason, message_ids FROM breakers "
                                   "WHERE sender IN (?1, '*') AND (until = 0 OR until > ?2)") &&
           breaker_put.Prepare(db, "INSERT OR REPLACE INTO breakers(sender, tripped, since, until, reason, message_ids) "
                                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6)") &&
           breaker_tripped.Prepare(db, "SELECT 1 FROM breakers WHERE sender = ?1 AND tripped = 1 "
                                       "AND (until = 0 OR until > ?2)") &&
           events_forget.Prepare(db, "DELETE FROM events WHERE sender = ?1") &&
           prune_counters.Prepare(db, "DELETE FROM counters WHERE expires <= ?1") &&
           prune_events.Prepare(db, "DELETE FROM events WHERE time <= ?1") &&
           prune_breakers.Prepare(db, "DELETE FROM breakers WHERE until != 0 AND until <= ?1") &&
           status_counters.Prepare(db, "SELECT key, bucket, count FROM counters WHERE expires > ?1") &&
           status_breakers.Prepare(db, "SELECT sender, tripped, since, until, reason, message_ids FROM breakers "
                                       "WHERE until = 0 OR until > ?1 ORDER BY since DESC");
  }
};

int64_t CounterKeyWindow(const std::string& key) {
  size_t a = key.find('|');
  if (a == std::string::npos) return 0;
  size_t b = key.find('|', a + 1);
  if (b == std::string::npos) return 0;
  int64_t w = 0;
  auto [p, ec] = std::from_chars(key.data() + a + 1, key.data() + b, w);
  return ec == std::errc() && p == key.data() + b && w > 0 ? w : 0;
}

std::unique_ptr<SqliteGuardStore> SqliteGuardStore::Open(const std::string& path, std::string* error) {
  std::unique_ptr<SqliteGuardStore> store(new SqliteGuardStore());
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &store->db_, flags, nullptr) != SQLITE_OK) {
    *error = "guard state " + path + ": " + (store->db_ ? sqlite3_errmsg(store->db_) : "cannot open");
    return nullptr;
  }
  // Bounded waits: a CLI command holding the lock must not stall mail for long.
  sqlite3_busy_timeout(store->db_, 2000);
  // WAL lets `ohm guard status` read while the daemon writes; synchronous=NORMAL
  // makes a commit one write() instead of an fsync (a power cut may lose the
  // last counts, never corrupt the file).
  const char* setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
  char* msg = nullptr;
  if (sqlite3_exec(store->db_, setup, nullptr, nullptr, &msg) != SQLITE_OK ||
      sqlite3_exec(store->db_, kSchema, nullptr, nullptr, &msg) != SQLITE_OK) {
    *error = "guard state " + path + ": " + (msg ? msg : sqlite3_errmsg(store->db_));
    sqlite3_free(msg);
    return nullptr;
  }
  store->stmts_ = std::make_unique<Statements>();
  if (!store->stmts_->PrepareAll(store->db_)) {
    *error = "guard state " + path + ": " + sqlite3_errmsg(store->db_);
    return nullptr;
  }
  return store;
}

SqliteGuardStore::~SqliteGuardStore() {
  stmts_.reset();  // statements before the connection
  if (db_) sqlite3_close_v2(db_);
}

namespace {

// Runs `stmt` to completion (for statements without rows).
bool Exec(Stmt& stmt) {
  int rc = stmt.Step();
  stmt.Reset();
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

BreakerState ReadBreaker(Stmt& s) {
  BreakerState b;
  b.sender = s.Text(0);
  b.tripped = s.Int(1) != 0;
  b.since = s.Int(2);
  b.until = s.Int(3);
  b.reason = s.Text(4);
  b.message_ids = SplitMessageIds(s.Text(5));
  return b;
}

}  // namespace

bool SqliteGuardStore::InTransaction(const std::function<const char*(Statements&)>& body, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  Statements& st = *stmts_;
  const char* failed = Exec(st.begin) ? body(st) : "begin";
  if (failed == nullptr && !Exec(st.commit)) failed = "commit";
  if (failed == nullptr) return true;
  *error = std::string("guard state: ") + failed + ": " + sqlite3_errmsg(db_);
  Exec(st.rollback);  // after a failed begin there is nothing to roll back, and that is harmless
  return false;
}

bool SqliteGuardStore::Process(const GuardRequest& req, GuardReply* reply, std::string* error) {
  *reply = GuardReply{};
  return InTransaction([&](Statements& st) -> const char* {
    reply->counts.resize(req.counters.size());
    reply->over.resize(req.counters.size());
    for (size_t i = 0; i < req.counters.size(); ++i) {
      const CounterUpdate& c = req.counters[i];
      st.counter_sum.Bind(1, c.key).Bind(2, c.window.FirstBucket(req.now));
      if (st.counter_sum.Step() != SQLITE_ROW) {
        st.counter_sum.Reset();
        return "read counter";
      }
      reply->counts[i] = st.counter_sum.Int(0);
      st.counter_sum.Reset();
      reply->over[i] = c.limit > 0 && reply->counts[i] + c.add > c.limit;
      if (reply->over[i] && c.blocks) reply->admitted = false;
    }
    if (reply->admitted) {
      for (size_t i = 0; i < req.counters.size(); ++i) {
        const CounterUpdate& c = req.counters[i];
        reply->counts[i] += c.add;
        if (c.add <= 0) continue;
        int64_t bucket = c.window.BucketOf(req.now);
        st.counter_add.Bind(1, c.key).Bind(2, bucket).Bind(3, c.add).Bind(4, c.window.ExpiresAt(bucket));
        if (!Exec(st.counter_add)) return "write counter";
      }
      const DecisionEvent& e = req.event;
      if (e.bad || e.high_score) {
        st.event_insert.Bind(1, req.sender).Bind(2, req.now).Bind(3, e.message_id).Bind(4, e.score)
            .Bind(5, int64_t{e.bad}).Bind(6, int64_t{e.high_score});
        if (!Exec(st.event_insert)) return "write decision";
      }
      // The counts matter only to a message that could trip a breaker.
      if (e.bad) {
        st.bad_count.Bind(1, req.sender).Bind(2, req.now - req.bad_window);
        if (st.bad_count.Step() == SQLITE_ROW) reply->bad_count = st.bad_count.Int(0);
        st.bad_count.Reset();
        st.bad_ids.Bind(1, req.sender).Bind(2, req.now - req.bad_window).Bind(3, int64_t{kMaxEvidenceIds});
        while (st.bad_ids.Step() == SQLITE_ROW) reply->bad_ids.push_back(st.bad_ids.Text(0));
        st.bad_ids.Reset();
      }
      if (e.high_score) {
        st.high_senders.Bind(1, req.now - req.server_window);
        if (st.high_senders.Step() == SQLITE_ROW) reply->high_score_senders = st.high_senders.Int(0);
        st.high_senders.Reset();
        st.high_ids.Bind(1, req.now - req.server_window).Bind(2, int64_t{kMaxEvidenceIds});
        while (st.high_ids.Step() == SQLITE_ROW) reply->high_score_ids.push_back(st.high_ids.Text(0));
        st.high_ids.Reset();
      }
    }
    st.breakers_of.Bind(1, req.sender).Bind(2, req.now);
    while (st.breakers_of.Step() == SQLITE_ROW) {
      BreakerState b = ReadBreaker(st.breakers_of);
      if (b.sender == kServerBreaker) reply->server_breaker = std::move(b);
      else reply->sender_breaker = std::move(b);
    }
    st.breakers_of.Reset();
    keep_events_ = std::max({keep_events_, req.bad_window, req.server_window});
    if (req.now >= next_prune_) {
      next_prune_ = req.now + kPruneInterval;
      if (!Exec(st.prune_counters.Bind(1, req.now)) || !Exec(st.prune_events.Bind(1, req.now - keep_events_)) ||
          !Exec(st.prune_breakers.Bind(1, req.now)))
        return "expire old rows";
    }
    return nullptr;
  }, error);
}

bool SqliteGuardStore::Put(const BreakerState& b, std::string* error) {
  return InTransaction([&](Statements& st) -> const char* {
    st.breaker_put.Bind(1, b.sender).Bind(2, int64_t{b.tripped}).Bind(3, b.since).Bind(4, b.until)
        .Bind(5, b.reason).Bind(6, JoinMessageIds(b.message_ids));
    if (!Exec(st.breaker_put)) return "write breaker";
    if (!b.tripped && !Exec(st.events_forget.Bind(1, b.sender))) return "forget decisions";
    return nullptr;
  }, error);
}

bool SqliteGuardStore::TripOnce(const BreakerState& b, bool* written, std::string* error) {
  bool wrote = false;
  bool committed = InTransaction([&](Statements& st) -> const char* {
    st.breaker_tripped.Bind(1, b.sender).Bind(2, b.since);
    int rc = st.breaker_tripped.Step();
    st.breaker_tripped.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return "read breaker";
    if (rc == SQLITE_DONE) {
      st.breaker_put.Bind(1, b.sender).Bind(2, int64_t{1}).Bind(3, b.since).Bind(4, b.until)
          .Bind(5, b.reason).Bind(6, JoinMessageIds(b.message_ids));
      if (!Exec(st.breaker_put)) return "write breaker";
      wrote = true;
    }
    return nullptr;
  }, error);
  // Written only once committed: a failed commit rolls the write back.
  *written = committed && wrote;
  return committed;
}

bool SqliteGuardStore::Status(int64_t now, size_t top, StoreStatus* status, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  Statements& st = *stmts_;
  *status = StoreStatus{};
  std::map<std::string, int64_t> totals;
  st.status_counters.Bind(1, now);
  int rc;
  while ((rc = st.status_counters.Step()) == SQLITE_ROW) {
    std::string key = st.status_counters.Text(0);
    int64_t w = CounterKeyWindow(key);
    if (w == 0 || !Window::Of(w).Counts(st.status_counters.Int(1), now)) continue;
    totals[key] += st.status_counters.Int(2);
  }
  st.status_counters.Reset();
  if (rc != SQLITE_DONE) {
    *error = std::string("guard state: read counters: ") + sqlite3_errmsg(db_);
    return false;
  }
  for (const auto& [key, count] : totals) {
    CounterTotal t{key, count};
    if (key.rfind("volume|3600|", 0) == 0) status->top_volume.push_back({key.substr(12), count});
    else if (key.rfind("score|3600|", 0) == 0) status->top_score.push_back({key.substr(11), count});
    else if (key.rfind("rate:", 0) == 0) status->counters.push_back(t);
  }
  for (auto* list : {&status->counters, &status->top_volume, &status->top_score}) {
    std::stable_sort(list->begin(), list->end(), [](const CounterTotal& a, const CounterTotal& b) { return a.count > b.count; });
    if (list->size() > top) list->resize(top);
  }
  st.status_breakers.Bind(1, now);
  while ((rc = st.status_breakers.Step()) == SQLITE_ROW) status->breakers.push_back(ReadBreaker(st.status_breakers));
  st.status_breakers.Reset();
  if (rc != SQLITE_DONE) {
    *error = std::string("guard state: read breakers: ") + sqlite3_errmsg(db_);
    return false;
  }
  return true;
}

}  // namespace ohm
