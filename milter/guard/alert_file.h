// The guard's alert file: one JSON object per line per breaker trip, for
// monitoring to watch (tail, a log shipper). Written with plain
// open/write/close on the message path; nothing is ever executed.
#ifndef OHM_GUARD_ALERT_FILE_H_
#define OHM_GUARD_ALERT_FILE_H_

#include <string>

#include "guard/guard_store.h"

namespace ohm {

// The alert record of a trip: {"time", "event": "breaker_tripped", "sender"
// ("*" for the server), "reason", "message_ids", "until"} as one line, no newline.
std::string AlertLine(const BreakerState& trip, const std::string& host);

// Appends `line` and a newline to `path` (created 0640) in one write, so that
// lines of concurrent writers never interleave. Returns false and sets *error
// when it cannot.
bool AppendAlertLine(const std::string& path, const std::string& line, std::string* error);

}  // namespace ohm

#endif  // OHM_GUARD_ALERT_FILE_H_
