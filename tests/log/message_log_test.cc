#include "log/message_log.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace ohm;

TEST_CASE("records are appended one JSON object per line") {
  char dir[] = "/tmp/ohm-msglog-XXXXXX";
  REQUIRE(mkdtemp(dir));
  std::string path = std::string(dir) + "/messages.log";
  LogSettings s;
  s.messages = path;
  std::string error;
  {
    auto log = MessageLog::Open(s, nullptr, &error);
    REQUIRE(log);
    log->Write({{"message_id", "<a@x>"}, {"score", 1}});
    log->Write({{"message_id", "<b@x>"}, {"text", "line\nbreak"}});
  }
  std::ifstream in(path);
  std::string l1, l2, l3;
  REQUIRE(std::getline(in, l1));
  REQUIRE(std::getline(in, l2));
  CHECK_FALSE(std::getline(in, l3));
  CHECK(nlohmann::json::parse(l1)["message_id"] == "<a@x>");
  CHECK(nlohmann::json::parse(l2)["text"] == "line\nbreak");
  unlink(path.c_str());
  rmdir(dir);
}

TEST_CASE("an unopenable log file is an error naming it") {
  LogSettings s;
  s.messages = "/nonexistent-dir/messages.log";
  std::string error;
  CHECK_FALSE(MessageLog::Open(s, nullptr, &error));
  CHECK(error.find("/nonexistent-dir/messages.log") != std::string::npos);
}

TEST_CASE("a full disk is reported once and logging resumes") {
  // /dev/full fails every write with ENOSPC: the failure is logged once, not per record.
  char dir[] = "/tmp/ohm-oplog-XXXXXX";
  REQUIRE(mkdtemp(dir));
  LogSettings s;
  s.messages = "/dev/full";
  s.operational = std::string(dir) + "/ohm.log";
  std::string error;
  auto op = MakeOperationalLogger(s, &error);
  REQUIRE(op);
  auto log = MessageLog::Open(s, op, &error);
  REQUIRE(log);
  for (int i = 0; i < 5; ++i) log->Write({{"n", i}});
  op->flush();
  std::ifstream in(s.operational);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t first = text.find("write failed");
  REQUIRE(first != std::string::npos);
  CHECK(text.find("write failed", first + 1) == std::string::npos);
  unlink(s.operational.c_str());
  rmdir(dir);
}
