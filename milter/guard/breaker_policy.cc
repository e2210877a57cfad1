#include "guard/breaker_policy.h"

#include <cstdio>

namespace ohm {

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s(buf);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

BreakerState Tripped(const std::string& sender, std::string reason, const std::vector<std::string>& evidence,
                     int64_t now, int64_t cool_down) {
  BreakerState b;
  b.sender = sender;
  b.tripped = true;
  b.since = now;
  b.until = cool_down > 0 ? now + cool_down : 0;
  b.reason = std::move(reason);
  b.message_ids = evidence;
  if (b.message_ids.size() > kMaxEvidenceIds) b.message_ids.resize(kMaxEvidenceIds);
  return b;
}

}  // namespace

std::optional<BreakerState> SenderTrip(const BreakerSettings& breaker, const std::string& sender,
                                       const SenderActivity& a, const std::vector<std::string>& evidence,
                                       int64_t now) {
  if (breaker.bad_count > 0 && a.bad && a.bad_count >= breaker.bad_count) {
    return Tripped(sender,
                   std::to_string(a.bad_count) + " held or rejected messages in " +
                       std::to_string(breaker.bad_window) + "s (trips at " + std::to_string(breaker.bad_count) + ")",
                   evidence, now, breaker.cool_down);
  }
  if (breaker.rise_factor > 0 && !a.recently_released && a.hour_messages >= breaker.rise_min_messages) {
    double usual = static_cast<double>(a.day_messages - a.hour_messages) / 23.0;
    if (usual < 0) usual = 0;
    if (static_cast<double>(a.hour_messages) > breaker.rise_factor * usual) {
      return Tripped(sender,
                     std::to_string(a.hour_messages) + " messages in the last hour, over " +
                         Number(breaker.rise_factor) + "x its usual " + Number(usual) + " per hour",
                     evidence, now, breaker.cool_down);
    }
  }
  return std::nullopt;
}

std::optional<BreakerState> ServerTrip(const BreakerSettings& breaker, bool high_score, int64_t high_score_senders,
                                       const std::vector<std::string>& evidence, int64_t now) {
  if (breaker.server_senders <= 0 || !high_score || high_score_senders < breaker.server_senders) return std::nullopt;
  return Tripped(kServerBreaker,
                 std::to_string(high_score_senders) + " distinct senders of mail scoring " +
                     Number(breaker.server_score) + " or more in " + std::to_string(breaker.server_window) +
                     "s (trips at " + std::to_string(breaker.server_senders) + ")",
                 evidence, now, breaker.cool_down);
}

BreakerState ManualTrip(const std::string& sender, int64_t now) {
  return Tripped(sender, "tripped by hand (ohm guard trip)", {}, now, 0);
}

BreakerState Release(const std::string& sender, int64_t now, int64_t grace) {
  BreakerState b;
  b.sender = sender;
  b.tripped = false;
  b.since = now;
  b.until = now + (grace > 0 ? grace : 1);
  b.reason = "released by hand (ohm guard release)";
  return b;
}

}  // namespace ohm
