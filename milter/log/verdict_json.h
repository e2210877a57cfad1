// The JSON shapes of a verdict: the object `ohm check --json` prints (a stable
// interface: action, score, rules[{name, score, description}], ...) and the
// one-line-per-message log record the daemon writes.
#ifndef OHM_LOG_VERDICT_JSON_H_
#define OHM_LOG_VERDICT_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "core/envelope.h"
#include "core/raw_message.h"
#include "core/verdict.h"

namespace ohm {

// Facts about a message that the log records beside its verdict.
struct MessageFacts {
  std::string message_id;  // Message-ID header value as written, empty when none
  size_t size = 0;         // bytes of headers and body as received
  std::string dkim;        // e.g. "signed example.com s1 rsa-sha256" or "not signed: no key for example.org"
};

// Returns {action, score, rules:[{name, score, description, detail?}], notes, in_scope,
// scope, reason?, elapsed_ms}. Scores are rounded to 2 decimals.
nlohmann::json VerdictToJson(const Verdict& verdict);

// Returns the log record: time (RFC 3339 UTC), queue_id, message_id, client_addr,
// auth_user, mail_from, rcpt_count, size, then every field of VerdictToJson, then dkim.
nlohmann::json LogRecord(const Envelope& envelope, const MessageFacts& facts, const Verdict& verdict);

// Returns the Message-ID of `raw` as written (angle brackets kept), trimmed of
// surrounding white space and folding; "" when absent.
std::string MessageIdOf(const RawMessage& raw);

}  // namespace ohm

#endif  // OHM_LOG_VERDICT_JSON_H_
