#include "guard/guard.h"

#include <unistd.h>

#include <cmath>

#include "guard/alert_file.h"
#include "guard/breaker_policy.h"
#include "guard/message_keys.h"

namespace ohm {

namespace {

int Strictness(Action a) {
  switch (a) {
    case Action::kAccept: return 0;
    case Action::kTag: return 1;
    case Action::kHold: return 2;
    case Action::kTempfail: return 3;
    case Action::kReject: return 4;
  }
  return 0;
}

std::string HostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

std::string ClassWords(KeyClass c) {
  switch (c) {
    case KeyClass::kUser: return "authenticated user";
    case KeyClass::kSender: return "sender";
    case KeyClass::kDomain: return "sender domain";
    case KeyClass::kClient: return "client";
    case KeyClass::kServer: return "the whole server";
  }
  return "";
}

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return out.empty() ? "(none)" : out;
}

void AddHit(Verdict* v, std::string name, std::string description, std::string detail) {
  RuleHit h;
  h.name = std::move(name);
  h.description = std::move(description);
  h.detail = std::move(detail);
  v->hits.push_back(std::move(h));
}

}  // namespace

void Escalate(Verdict* verdict, Action action, const std::string& reason) {
  if (Strictness(action) <= Strictness(verdict->action)) return;
  verdict->action = action;
  verdict->action_reason = reason;
}

Guard::Guard(const GuardSettings& settings, GuardStore* store, const Clock* clock,
             std::shared_ptr<spdlog::logger> log)
    : settings_(std::make_shared<const GuardSettings>(settings)),
      store_(store),
      clock_(clock),
      log_(std::move(log)),
      host_(HostName()) {}

void Guard::UpdateSettings(const GuardSettings& settings) {
  settings_.store(std::make_shared<const GuardSettings>(settings));
}

void Guard::Apply(const Envelope& envelope, const std::string& message_id, Verdict* v) {
  std::shared_ptr<const GuardSettings> s = settings_.load();
  const BreakerSettings& b = s->breaker;
  GuardRequest req;
  req.now = clock_->NowSeconds();
  req.sender = BreakerIdentity(envelope);
  std::vector<PlannedLimit> planned;
  PlanRateCounters(*s, envelope, &req.counters, &planned);
  // The sender's volume (the rise condition, `ohm guard status`) and score
  // (status: top senders by score), counted whatever the limits.
  size_t hour_index = req.counters.size();
  req.counters.push_back({"volume|3600|" + req.sender, Window::Of(3600), 1, 0, false});
  req.counters.push_back({"volume|86400|" + req.sender, Window::Of(86400), 1, 0, false});
  if (v->score > 0)
    req.counters.push_back({"score|3600|" + req.sender, Window::Of(3600), std::llround(v->score * 100), 0, false});
  req.event.message_id = message_id.empty() ? "(no Message-ID)" : message_id;
  req.event.score = v->score;
  req.event.bad = v->action == Action::kHold || v->action == Action::kReject;
  req.event.high_score = b.server_senders > 0 && v->score >= b.server_score;
  req.bad_window = b.bad_window;
  req.server_window = b.server_window;

  GuardReply rep;
  std::string error;
  if (!store_->Process(req, &rep, &error)) {
    uint64_t failures = ++store_failures_;
    bool closed = s->on_store_error == Action::kTempfail;
    log_->error("guard: {} ({} failure(s) since start): {} {}", error, failures, message_id,
                closed ? "tempfailed (guard.on_store_error = tempfail)" : "passed unguarded (guard.on_store_error = accept)");
    AddHit(v, "GUARD_STORE_FAILED", "Volume guard state store unavailable: limits and breakers not applied", error);
    v->notes.push_back("guard: state store failed (" + std::to_string(failures) + " since start); message " +
                       (closed ? "tempfailed" : "passed without rate limits or breakers"));
    if (closed) Escalate(v, Action::kTempfail, "volume guard state unavailable");
    return;
  }

  if (rep.server_breaker && rep.server_breaker->tripped) {
    AddHit(v, "GUARD_BREAKER_SERVER", "Server-wide outbreak breaker tripped: all outbound mail is held",
           rep.server_breaker->reason);
    Escalate(v, Action::kHold, "GUARD_BREAKER_SERVER: server-wide breaker tripped (" + rep.server_breaker->reason + ")");
  }
  bool sender_tripped = rep.sender_breaker && rep.sender_breaker->tripped;
  if (sender_tripped) {
    AddHit(v, "GUARD_BREAKER_SENDER", "Outbreak breaker tripped for this sender: its mail is held until released",
           req.sender + ": " + rep.sender_breaker->reason);
    Escalate(v, Action::kHold, "GUARD_BREAKER_SENDER: breaker tripped for " + req.sender + " (" +
                                   rep.sender_breaker->reason + ")");
  }

  for (size_t i = 0; i < planned.size(); ++i) {
    if (!rep.over[i]) continue;
    const PlannedLimit& p = planned[i];
    const CounterUpdate& c = req.counters[i];
    std::string what = p.recipients ? "recipients" : "messages";
    std::string name = LimitHitName(p);
    std::string limit_text = std::to_string(p.max) + " " + what + " per " + std::to_string(p.limit->window) + "s for " +
                             ClassWords(p.limit->key_class) + (p.limit->key_class == KeyClass::kServer ? "" : " " + p.key);
    int64_t before = rep.admitted ? rep.counts[i] - c.add : rep.counts[i];
    AddHit(v, name, "Volume guard: over the limit of " + limit_text,
           std::to_string(before) + " + " + std::to_string(c.add) + " " + what + " in the window, limit " +
               std::to_string(p.max));
    Action action = rep.admitted ? Action::kHold : p.limit->action;
    Escalate(v, action, "rate limit " + name + " (" + limit_text + ")");
    log_->info("guard: {} {} over {}: {} + {} {} (limit {}), {}", message_id, req.sender, name, before, c.add, what,
               p.max, ActionName(action));
  }
  if (!rep.admitted) return;  // not counted, so no trip either: the client retries later

  if (!sender_tripped) {
    SenderActivity a;
    a.bad = req.event.bad;
    a.bad_count = rep.bad_count;
    a.hour_messages = rep.counts[hour_index];
    a.day_messages = rep.counts[hour_index + 1];
    a.recently_released = rep.sender_breaker && !rep.sender_breaker->tripped;
    std::vector<std::string> evidence = a.bad ? rep.bad_ids : std::vector<std::string>{req.event.message_id};
    if (auto trip = SenderTrip(b, req.sender, a, evidence, req.now)) Trip(*trip, v);
  }
  bool server_tripped = rep.server_breaker && rep.server_breaker->tripped;
  if (!server_tripped) {
    if (auto trip = ServerTrip(b, req.event.high_score, rep.high_score_senders, rep.high_score_ids, req.now))
      Trip(*trip, v);
  }
}

void Guard::Trip(const BreakerState& trip, Verdict* v) {
  std::string error;
  bool server = trip.sender == kServerBreaker;
  std::string name = server ? "GUARD_BREAKER_SERVER" : "GUARD_BREAKER_SENDER";
  bool written = true;
  if (!store_->TripOnce(trip, &written, &error)) {
    log_->error("guard: cannot record the breaker trip of {}: {}", trip.sender, error);
  }
  if (!written) {
    // A concurrent message (or another MTA) tripped it first and raised the alert.
    AddHit(v, name, "Outbreak breaker tripped: mail is held until released", trip.reason);
    Escalate(v, Action::kHold, name + ": breaker tripped (" + trip.reason + ")");
    return;
  }
  std::string until = trip.until == 0 ? "until released" : "for " + std::to_string(trip.until - trip.since) + "s or until released";
  log_->error("guard: ALERT: {} breaker TRIPPED{}{}: {}; its mail is held {} (ohm guard release {}); messages: {}",
              server ? "server-wide" : "sender", server ? "" : " for ", server ? "" : trip.sender, trip.reason, until,
              server ? "'*'" : trip.sender, Join(trip.message_ids));
  std::shared_ptr<const GuardSettings> s = settings_.load();
  if (!s->alert_file.empty() && !AppendAlertLine(s->alert_file, AlertLine(trip, host_), &error))
    log_->error("guard: {}", error);
  AddHit(v, name, server ? "Server-wide outbreak breaker tripped by this message: all outbound mail is held"
                         : "Outbreak breaker tripped by this message: the sender's mail is held until released",
         trip.reason);
  Escalate(v, Action::kHold, name + ": breaker tripped (" + trip.reason + ")");
}

}  // namespace ohm
