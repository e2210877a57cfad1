#include "guard/message_keys.h"

#include <algorithm>

namespace ohm {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

// Counter keys hold '|' as field separator; a key from the envelope keeps its
// characters (it is the last field) but is cut at a sane length, so that a
// 10 kB MAIL FROM cannot make 10 kB rows.
constexpr size_t kMaxKeyBytes = 320;

std::string Bounded(std::string key) {
  if (key.size() > kMaxKeyBytes) key.resize(kMaxKeyBytes);
  return key;
}

}  // namespace

std::string BreakerIdentity(const Envelope& envelope) {
  if (!envelope.auth_user.empty()) return Bounded(Lower(envelope.auth_user));
  if (envelope.mail_from.empty()) return "<>";
  return Bounded(Lower(envelope.mail_from));
}

std::string NormalizeIdentity(std::string name) {
  if (name == "*") return name;
  return Bounded(Lower(std::move(name)));
}

std::string ClassKey(KeyClass key_class, const Envelope& envelope) {
  switch (key_class) {
    case KeyClass::kUser: return Bounded(Lower(envelope.auth_user));
    case KeyClass::kSender: return Bounded(Lower(envelope.mail_from));
    case KeyClass::kDomain: {
      auto at = envelope.mail_from.rfind('@');
      return at == std::string::npos ? "" : Bounded(Lower(envelope.mail_from.substr(at + 1)));
    }
    case KeyClass::kClient: return Bounded(envelope.client_addr);
    case KeyClass::kServer: return "*";
  }
  return "";
}

void PlanRateCounters(const GuardSettings& settings, const Envelope& envelope,
                      std::vector<CounterUpdate>* counters, std::vector<PlannedLimit>* planned) {
  for (const RateLimit& limit : settings.limits) {
    std::string key = ClassKey(limit.key_class, envelope);
    if (key.empty()) continue;
    int64_t messages = limit.messages, recipients = limit.recipients;
    for (const RateOverride& o : settings.overrides) {
      if (o.key_class != limit.key_class || o.key != key || (o.window != 0 && o.window != limit.window)) continue;
      if (o.messages) messages = *o.messages;
      if (o.recipients) recipients = *o.recipients;
      break;  // the first matching override applies
    }
    for (bool rcpt : {false, true}) {
      int64_t max = rcpt ? recipients : messages;
      if (max <= 0) continue;
      CounterUpdate c;
      c.key = "rate:" + std::string(KeyClassName(limit.key_class)) + (rcpt ? ":r|" : ":m|") +
              std::to_string(limit.window) + "|" + key;
      c.window = Window::Of(limit.window);
      c.add = rcpt ? static_cast<int64_t>(envelope.rcpt_to.size()) : 1;
      c.limit = max;
      c.blocks = limit.action == Action::kTempfail;
      counters->push_back(std::move(c));
      planned->push_back({&limit, key, rcpt, max});
    }
  }
}

std::string LimitHitName(const PlannedLimit& p) {
  return std::string(p.recipients ? "GUARD_RCPT_" : "GUARD_RATE_") + Upper(KeyClassName(p.limit->key_class)) + "_" +
         WindowName(p.limit->window);
}

}  // namespace ohm
