#include "cli/log_command.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace ohm;

TEST_CASE("log lines are found by Message-ID with or without brackets, and by queue id") {
  std::string log =
      "{\"queue_id\":\"4A1\",\"message_id\":\"<one@example.com>\",\"action\":\"accept\"}\n"
      "not json at all <one@example.com>\n"
      "{\"queue_id\":\"4A2\",\"message_id\":\"<two@example.com>\",\"action\":\"hold\"}\n"
      "{\"queue_id\":\"4A3\",\"message_id\":\"<one@example.com.evil>\",\"action\":\"accept\"}\n";
  {
    std::istringstream in(log);
    std::ostringstream out;
    CHECK(FindLogLines(in, "<one@example.com>", out) == 1);
    CHECK(out.str().find("4A1") != std::string::npos);
  }
  {
    std::istringstream in(log);
    std::ostringstream out;
    CHECK(FindLogLines(in, "two@example.com", out) == 1);
  }
  {
    std::istringstream in(log);
    std::ostringstream out;
    CHECK(FindLogLines(in, "4A3", out) == 1);
  }
  {
    std::istringstream in(log);
    std::ostringstream out;
    CHECK(FindLogLines(in, "<missing@example.com>", out) == 0);
    CHECK(out.str().empty());
  }
}
