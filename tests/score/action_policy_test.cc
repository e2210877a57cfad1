#include "score/action_policy.h"

#include <doctest/doctest.h>

using namespace ohm;

namespace {

Verdict WithScore(double score) {
  Verdict v;
  v.score = score;
  v.hits.push_back({"BIG_RULE", score - 1, "A rule that says what is wrong", ""});
  v.hits.push_back({"SMALL_RULE", 1, "Another one", ""});
  return v;
}

ActionPolicy DefaultPolicy() {
  ThresholdOverride news{"news@example.com", Thresholds{5, 20, 40, 0}};
  ThresholdOverride domain{"example.org", Thresholds{0, 0, 100, 0}};
  return ActionPolicy(Thresholds{3, 8, 15, 0}, {news, domain});
}

}  // namespace

TEST_CASE("score thresholds pick the most severe action reached") {
  ActionPolicy p = DefaultPolicy();
  auto decide = [&](double s) {
    Verdict v = WithScore(s);
    p.Decide("alice@example.net", &v);
    return v;
  };
  CHECK(decide(0).action == Action::kAccept);
  CHECK(decide(2.99).action == Action::kAccept);
  CHECK(decide(3).action == Action::kTag);
  CHECK(decide(7.9).action == Action::kTag);
  CHECK(decide(8).action == Action::kHold);
  CHECK(decide(15).action == Action::kReject);
  CHECK(decide(100).action == Action::kReject);
  CHECK(decide(3).action_reason.empty());
  CHECK(decide(9).action_reason == "score 9 >= 8: BIG_RULE (8): A rule that says what is wrong; SMALL_RULE (1)");
}

TEST_CASE("tempfail applies between hold and reject when configured") {
  ActionPolicy p(Thresholds{3, 8, 15, 12}, {});
  Verdict v = WithScore(13);
  p.Decide("", &v);
  CHECK(v.action == Action::kTempfail);
}

TEST_CASE("per-sender and per-domain overrides") {
  ActionPolicy p = DefaultPolicy();
  CHECK(p.ThresholdsFor("news@example.com").reject == 40);
  CHECK(p.ThresholdsFor("NEWS@Example.COM").reject == 40);
  CHECK(p.ThresholdsFor("other@example.com").reject == 15);
  CHECK(p.ThresholdsFor("bob@example.org").reject == 100);
  CHECK(p.ThresholdsFor("bob@mail.example.org").reject == 100);  // subdomain
  CHECK(p.ThresholdsFor("bob@badexample.org").reject == 15);     // not a subdomain
  CHECK(p.ThresholdsFor("").reject == 15);
  Verdict v = WithScore(20);
  p.Decide("news@example.com", &v);
  CHECK(v.action == Action::kHold);
  Verdict w = WithScore(50);
  p.Decide("x@example.org", &w);
  CHECK(w.action == Action::kAccept);  // tag and hold are off for that domain
}

TEST_CASE("reason text stays one bounded line") {
  Verdict v;
  v.score = 50;
  for (int i = 0; i < 50; ++i) v.hits.push_back({"RULE_" + std::to_string(i), 1, "line\r\nbreak", ""});
  std::string r = ReasonText(v, 15, 200);
  CHECK(r.size() <= 200);
  CHECK(r.find('\n') == std::string::npos);
  CHECK(r.find('\r') == std::string::npos);
  CHECK(r.rfind("score 50 >= 15: RULE_0 (1): line", 0) == 0);
}
