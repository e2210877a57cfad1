#include "log/message_log.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

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

TEST_CASE("a write the disk takes only part of leaves no torn line") {
  // RLIMIT_FSIZE stands in for a filling disk: the write that crosses it is
  // taken in part and the rest refused (EFBIG), as a full filesystem does.
  char dir[] = "/tmp/ohm-msglog-XXXXXX";
  REQUIRE(mkdtemp(dir));
  LogSettings s;
  s.messages = std::string(dir) + "/messages.log";
  s.operational = std::string(dir) + "/ohm.log";
  std::string error;
  auto op = MakeOperationalLogger(s, &error);
  REQUIRE(op);
  auto log = MessageLog::Open(s, op, &error);
  REQUIRE(log);
  // The limit is per process: the message log is made larger than the
  // operational log will be, so only the message log's write is cut.
  log->Write({{"n", 1}, {"pad", std::string(2000, 'a')}});
  struct stat st;
  REQUIRE(stat(s.messages.c_str(), &st) == 0);
  struct rlimit old_limit;
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = static_cast<rlim_t>(st.st_size) + 40;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  log->Write({{"n", 2}, {"pad", std::string(40, 'b')}});  // 40 bytes fit, 20 do not
  log->Write({{"n", 3}, {"pad", std::string(40, 'c')}});  // nothing fits
  REQUIRE(setrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  log->Write({{"n", 4}});
  op->flush();

  std::ifstream in(s.messages);
  std::vector<int> seen;
  for (std::string line; std::getline(in, line);) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(!record.is_discarded(), "torn line: " << line);
    seen.push_back(record["n"].get<int>());
  }
  CHECK(seen == std::vector<int>{1, 4});
  std::ifstream ops(s.operational);
  std::stringstream text;
  text << ops.rdbuf();
  std::string t = text.str();
  CHECK(t.find("write failed") != std::string::npos);
  CHECK(t.find("write failed", t.find("write failed") + 1) == std::string::npos);
  CHECK(t.find("writing again") != std::string::npos);
  unlink(s.messages.c_str());
  unlink(s.operational.c_str());
  rmdir(dir);
}
