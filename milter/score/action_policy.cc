#include "score/action_policy.h"

#include "core/ascii.h"
#include "core/raw_message.h"

namespace ohm {

namespace {

// True when `domain` equals `match` or is a subdomain of it.
bool DomainMatches(std::string_view domain, std::string_view match) {
  if (domain.size() < match.size()) return false;
  std::string_view tail = domain.substr(domain.size() - match.size());
  if (!EqualsIgnoreCase(tail, match)) return false;
  return domain.size() == match.size() || domain[domain.size() - match.size() - 1] == '.';
}

}  // namespace

ActionPolicy::ActionPolicy(Thresholds defaults, std::vector<ThresholdOverride> overrides)
    : defaults_(defaults), overrides_(std::move(overrides)) {}

const Thresholds& ActionPolicy::ThresholdsFor(std::string_view sender) const {
  if (sender.empty()) return defaults_;
  std::string_view domain;
  if (auto at = sender.rfind('@'); at != std::string_view::npos) domain = sender.substr(at + 1);
  for (const auto& o : overrides_) {
    if (o.match.find('@') != std::string::npos) {
      if (EqualsIgnoreCase(o.match, sender)) return o.thresholds;
    } else if (!domain.empty() && DomainMatches(domain, o.match)) {
      return o.thresholds;
    }
  }
  return defaults_;
}

void ActionPolicy::Decide(std::string_view sender, Verdict* v) const {
  const Thresholds& t = ThresholdsFor(sender);
  auto reached = [&](double threshold) { return threshold > 0 && v->score >= threshold; };
  if (reached(t.reject)) {
    v->action = Action::kReject;
    v->action_reason = ReasonText(*v, t.reject);
  } else if (reached(t.tempfail)) {
    v->action = Action::kTempfail;
    v->action_reason = ReasonText(*v, t.tempfail);
  } else if (reached(t.hold)) {
    v->action = Action::kHold;
    v->action_reason = ReasonText(*v, t.hold);
  } else if (reached(t.tag)) {
    v->action = Action::kTag;
    v->action_reason.clear();
  } else {
    v->action = Action::kAccept;
    v->action_reason.clear();
  }
}

std::string ReasonText(const Verdict& verdict, double threshold, size_t max_length) {
  std::string out = "score " + FormatScore(verdict.score) + " >= " + FormatScore(threshold);
  bool first = true;
  for (const RuleHit& h : verdict.hits) {
    if (h.score <= 0) continue;
    std::string item = h.name + " (" + FormatScore(h.score) + ")";
    if (first && !h.description.empty()) item += ": " + h.description;
    std::string sep = first ? ": " : "; ";
    if (out.size() + sep.size() + item.size() > max_length) {
      if (first) out += sep + item.substr(0, max_length > out.size() + 2 ? max_length - out.size() - 2 : 0);
      break;
    }
    out += sep + item;
    first = false;
  }
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace ohm
