#include "log/verdict_json.h"

#include <cmath>
#include <ctime>

namespace ohm {

namespace {

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string NowRfc3339() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t;
  gmtime_r(&ts.tv_sec, &t);
  char buf[40];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &t);
  snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts.tv_nsec / 1000000);
  return buf;
}

// nlohmann::json throws on invalid UTF-8 when dumping; mail is full of it.
// Replace each invalid byte by U+FFFD so a record is always written.
std::string SafeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok && len > 1) {
      // Reject overlong forms and surrogates cheaply via the first continuation byte.
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((len == 2 && c < 0xc2) || (len == 3 && c == 0xe0 && c1 < 0xa0) ||
          (len == 3 && c == 0xed && c1 >= 0xa0) || (len == 4 && c == 0xf0 && c1 < 0x90) ||
          (len == 4 && (c > 0xf4 || (c == 0xf4 && c1 >= 0x90))))
        ok = false;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

nlohmann::json VerdictToJson(const Verdict& v) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleHit& h : v.hits) {
    nlohmann::json r = {{"name", h.name}, {"score", Round2(h.score)}, {"description", SafeUtf8(h.description)}};
    if (!h.detail.empty()) r["detail"] = SafeUtf8(h.detail);
    rules.push_back(std::move(r));
  }
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : v.notes) notes.push_back(SafeUtf8(n));
  nlohmann::json j = {
      {"action", std::string(ActionName(v.action))},
      {"score", Round2(v.score)},
      {"rules", std::move(rules)},
      {"notes", std::move(notes)},
      {"in_scope", v.in_scope},
      {"scope", v.scope_reason},
  };
  if (!v.action_reason.empty()) j["reason"] = SafeUtf8(v.action_reason);
  j["elapsed_ms"] = std::round(v.elapsed_ms * 1000.0) / 1000.0;
  return j;
}

nlohmann::json LogRecord(const Envelope& env, const MessageFacts& facts, const Verdict& v) {
  nlohmann::json j = nlohmann::json::object();
  j["time"] = NowRfc3339();
  j["queue_id"] = SafeUtf8(env.queue_id);
  j["message_id"] = SafeUtf8(facts.message_id);
  j["client_addr"] = env.client_addr;
  j["auth_user"] = SafeUtf8(env.auth_user);
  j["mail_from"] = SafeUtf8(env.mail_from);
  j["rcpt_count"] = env.rcpt_to.size();
  j["size"] = facts.size;
  // The verdict object must outlive items(): its proxy refers to it.
  nlohmann::json verdict = VerdictToJson(v);
  for (auto& [k, val] : verdict.items()) j[k] = std::move(val);
  if (!facts.dkim.empty()) j["dkim"] = SafeUtf8(facts.dkim);
  return j;
}

std::string MessageIdOf(const RawMessage& raw) {
  const std::string* v = raw.Find("Message-ID");
  if (!v) return "";
  std::string out;
  for (char c : *v) {
    if (c != '\r' && c != '\n') out += c;
  }
  size_t b = out.find_first_not_of(" \t"), e = out.find_last_not_of(" \t");
  return b == std::string::npos ? "" : out.substr(b, e - b + 1);
}

}  // namespace ohm
