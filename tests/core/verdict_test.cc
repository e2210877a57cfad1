#include "core/verdict.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("action names round-trip and exit codes are distinct") {
  for (Action a : {Action::kAccept, Action::kTag, Action::kHold, Action::kReject, Action::kTempfail}) {
    CHECK(ParseAction(ActionName(a)) == a);
  }
  CHECK_FALSE(ParseAction("discard"));
  CHECK(ActionExitCode(Action::kAccept) == 0);
  CHECK(ActionExitCode(Action::kTag) == 1);
  CHECK(ActionExitCode(Action::kHold) == 2);
  CHECK(ActionExitCode(Action::kReject) == 3);
  CHECK(ActionExitCode(Action::kTempfail) == 4);
}

TEST_CASE("scores format without trailing zeros") {
  CHECK(FormatScore(4.0) == "4");
  CHECK(FormatScore(2.5) == "2.5");
  CHECK(FormatScore(1.256) == "1.26");
  CHECK(FormatScore(-0.001) == "0");
  CHECK(FormatScore(-1.5) == "-1.5");
}
