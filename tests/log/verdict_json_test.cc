#include "log/verdict_json.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("the check JSON has the documented stable fields") {
  Verdict v;
  v.action = Action::kHold;
  v.score = 9.456;
  v.hits.push_back({"MISSING_DATE", 2, "No Date header", ""});
  v.hits.push_back({"SPAM_PHRASES", 7.456, "Spam phrases", "buy now"});
  v.notes.push_back("a note");
  v.action_reason = "score 9.46 >= 8";
  nlohmann::json j = VerdictToJson(v);
  CHECK(j["action"] == "hold");
  CHECK(j["score"].get<double>() == doctest::Approx(9.46));
  REQUIRE(j["rules"].is_array());
  REQUIRE(j["rules"].size() == 2);
  CHECK(j["rules"][0]["name"] == "MISSING_DATE");
  CHECK(j["rules"][0]["score"].get<double>() == 2);
  CHECK(j["rules"][0]["description"] == "No Date header");
  CHECK_FALSE(j["rules"][0].contains("detail"));
  CHECK(j["rules"][1]["detail"] == "buy now");
  CHECK(j["notes"][0] == "a note");
  CHECK(j["reason"] == "score 9.46 >= 8");
}

TEST_CASE("the log record carries envelope and message facts") {
  Envelope env;
  env.queue_id = "4ABC123";
  env.client_addr = "192.0.2.5";
  env.auth_user = "alice";
  env.mail_from = "alice@example.com";
  env.rcpt_to = {"a@example.net", "b@example.net"};
  MessageFacts facts{"<id1@example.com>", 1234, ""};
  Verdict v;
  nlohmann::json j = LogRecord(env, facts, v);
  CHECK(j["queue_id"] == "4ABC123");
  CHECK(j["message_id"] == "<id1@example.com>");
  CHECK(j["client_addr"] == "192.0.2.5");
  CHECK(j["auth_user"] == "alice");
  CHECK(j["mail_from"] == "alice@example.com");
  CHECK(j["rcpt_count"] == 2);
  CHECK(j["size"] == 1234);
  CHECK(j["action"] == "accept");
  CHECK(j["time"].get<std::string>().size() == 24);  // 2026-11-22T10:00:00.000Z
}

TEST_CASE("invalid UTF-8 from mail never breaks a log record") {
  Envelope env;
  env.mail_from = std::string("bad\xff\xfe@example.com");
  MessageFacts facts{std::string("<\xc3\x28@x>"), 1, ""};
  Verdict v;
  v.hits.push_back({"R", 1, "d", std::string("\xed\xa0\x80 surrogate")});
  nlohmann::json j = LogRecord(env, facts, v);
  std::string line = j.dump();
  CHECK(line.find("bad\xEF\xBF\xBD\xEF\xBF\xBD@example.com") != std::string::npos);
}

TEST_CASE("Message-ID is taken as written, unfolded") {
  RawMessage raw;
  raw.headers.push_back({"Message-Id", "\r\n <abc@example.com> "});
  CHECK(MessageIdOf(raw) == "<abc@example.com>");
  RawMessage none;
  CHECK(MessageIdOf(none) == "");
}
