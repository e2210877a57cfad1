#include "pipeline/verdict_headers.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace ohm;

TEST_CASE("verdict headers name the action, each rule and its score") {
  HeaderSettings s;
  Verdict v;
  v.action = Action::kTag;
  v.score = 4;
  v.hits = {{"MISSING_DATE", 2, "", ""}, {"MISSING_MESSAGE_ID", 2, "", ""}};
  auto h = VerdictHeaders(s, Thresholds{3, 8, 15, 0}, v);
  REQUIRE(h.size() == 2);
  CHECK(h[0].name == "X-Ohm-Score");
  CHECK(h[0].value == "4 (tag at 3, hold at 8, reject at 15)");
  CHECK(h[1].name == "X-Ohm-Verdict");
  CHECK(h[1].value == "tag; MISSING_DATE=2, MISSING_MESSAGE_ID=2");
}

TEST_CASE("long verdicts fold below 78 characters per line") {
  HeaderSettings s;
  Verdict v;
  v.action = Action::kHold;
  for (int i = 0; i < 20; ++i) v.hits.push_back({"SOME_LONGER_RULE_NAME_" + std::to_string(i), 1.5, "", ""});
  v.notes.push_back("body over scan limit (20000000 > 1048576 bytes): its first 1048000 bytes scanned, MIME structure beyond");
  auto h = VerdictHeaders(s, Thresholds{}, v);
  std::istringstream lines(h[1].name + ": " + h[1].value);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    CHECK(line.size() <= 78);
    ++count;
  }
  CHECK(count > 5);
  CHECK(h[1].value.find("note: body over scan limit") != std::string::npos);
}

TEST_CASE("prefix, switch-off and forged header detection") {
  HeaderSettings s;
  s.prefix = "X-Hygiene-";
  Verdict v;
  CHECK(VerdictHeaders(s, Thresholds{}, v)[0].name == "X-Hygiene-Score");
  s.on_accept = false;
  CHECK(VerdictHeaders(s, Thresholds{}, v).empty());
  s.on_accept = true;
  s.enabled = false;
  CHECK(VerdictHeaders(s, Thresholds{}, v).empty());
  CHECK(IsVerdictHeader(s, "x-hygiene-verdict"));
  CHECK_FALSE(IsVerdictHeader(s, "X-Other"));
}
