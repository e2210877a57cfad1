// Where the volume guard keeps its counters, recent decisions and breakers:
// the interface both stores implement (SQLite embedded, Redis shared). One
// message costs one Process call, a single atomic step (one transaction, one
// Redis round trip), so that two messages counted at once cannot both slip
// under a limit.
#ifndef OHM_GUARD_GUARD_STORE_H_
#define OHM_GUARD_GUARD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "guard/window.h"

namespace ohm {

// The breaker identity of the server-wide breaker (no sender address is "*").
inline constexpr const char* kServerBreaker = "*";
// How many Message-IDs a reply or a breaker keeps as evidence.
inline constexpr size_t kMaxEvidenceIds = 10;

// One counter a message touches.
struct CounterUpdate {
  std::string key;     // unique per counted thing, e.g. "rate|user|3600|m|alice"
  Window window;
  int64_t add = 0;     // this message's contribution (1 message, or its recipient count)
  int64_t limit = 0;   // > 0: over when count + add > limit; 0: only counted
  bool blocks = false; // over this limit refuses the message: then nothing at all is counted
};

// What ohm decided about the message by its content; recorded when the
// message is admitted and it is bad (held or rejected) or high-scoring.
struct DecisionEvent {
  std::string message_id;
  double score = 0;
  bool bad = false;         // held or rejected by score
  bool high_score = false;  // at or over breaker.server_score
};

// A breaker row: tripped (mail held) or released (a grace period in which the
// volume-rise condition does not trip it again).
struct BreakerState {
  std::string sender;  // breaker identity, kServerBreaker for the server
  bool tripped = true;
  int64_t since = 0;   // when tripped or released
  int64_t until = 0;   // when the row stops applying; 0 = until released
  std::string reason;
  std::vector<std::string> message_ids;  // the messages that caused the trip
  bool InForce(int64_t now) const { return until == 0 || now < until; }
};

// A breaker's Message-IDs as both stores keep them: one text field, one ID
// per line (an ID has no line break: the collector unfolds it).
std::string JoinMessageIds(const std::vector<std::string>& ids);
// The IDs of a text JoinMessageIds made; empty lines are skipped.
std::vector<std::string> SplitMessageIds(const std::string& text);

struct GuardRequest {
  int64_t now = 0;
  std::string sender;  // breaker identity of the message
  std::vector<CounterUpdate> counters;
  DecisionEvent event;
  int64_t bad_window = 600;     // the sender's bad events counted over this many seconds
  int64_t server_window = 600;  // distinct high-score senders counted over this many seconds
};

struct GuardReply {
  bool admitted = true;                  // no blocking counter over its limit
  std::vector<int64_t> counts;           // per request counter: its count, this message included when admitted
  std::vector<bool> over;                // per request counter: count + add > limit
  std::optional<BreakerState> sender_breaker;  // the sender's row in force, if any
  std::optional<BreakerState> server_breaker;  // the server's row in force, if any
  int64_t bad_count = 0;                 // the sender's bad events in bad_window
  std::vector<std::string> bad_ids;      // their Message-IDs, newest first, at most kMaxEvidenceIds
  int64_t high_score_senders = 0;        // distinct senders of high-score mail in server_window
  std::vector<std::string> high_score_ids;
};

// A counter's current total, for `ohm guard status`.
struct CounterTotal {
  std::string key;
  int64_t count = 0;
};

struct StoreStatus {
  std::vector<CounterTotal> counters;        // rate-limit counters, largest first
  std::vector<CounterTotal> top_volume;      // senders by messages in the last hour
  std::vector<CounterTotal> top_score;       // senders by summed score (hundredths) in the last hour
  std::vector<BreakerState> breakers;        // rows in force
};

class GuardStore {
 public:
  virtual ~GuardStore() = default;

  // Reads the sender's and server's breakers, checks every counter of
  // `request` against its limit and, unless a blocking one is over, adds the
  // message to all of them and records its decision event; fills *reply.
  // Atomic against concurrent calls (threads, processes, other MTAs sharing
  // the store). Returns false and sets *error when the store failed; nothing
  // is then known about the message. Thread-safe.
  virtual bool Process(const GuardRequest& request, GuardReply* reply, std::string* error) = 0;

  // Writes (replaces) a breaker row: a trip, or a release with its grace period.
  // A release also forgets the sender's recorded decisions, so it does not
  // trip again on the evidence the admin has just judged. Thread-safe.
  virtual bool Put(const BreakerState& state, std::string* error) = 0;

  // Writes the trip `state` unless the sender's breaker is already tripped and
  // in force at state.since (another message, thread or MTA tripped it first);
  // sets *written accordingly, so that one outbreak raises one alert. Thread-safe.
  virtual bool TripOnce(const BreakerState& state, bool* written, std::string* error) = 0;

  // The counters, top senders and breakers in force at `now`, at most `top` of each list.
  virtual bool Status(int64_t now, size_t top, StoreStatus* status, std::string* error) = 0;
};

}  // namespace ohm

#endif  // OHM_GUARD_GUARD_STORE_H_
