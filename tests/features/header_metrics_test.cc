#include "features/header_metrics.h"

#include <doctest/doctest.h>

namespace ohm {

namespace {

RawMessage WithHeaders(std::vector<HeaderField> headers, std::string body = "") {
  RawMessage raw;
  raw.headers = std::move(headers);
  raw.body = std::move(body);
  return raw;
}

}  // namespace

TEST_CASE("RFC 5322 dates parse to epoch seconds") {
  // 2003-07-01 08:52:37 UTC = 1057049557
  CHECK(ParseRfc5322Date("Tue, 1 Jul 2003 10:52:37 +0200") == 1057049557);
  CHECK(ParseRfc5322Date("1 Jul 2003 08:52:37 +0000") == 1057049557);
  CHECK(ParseRfc5322Date("Tue, 01 Jul 03 04:52:37 EDT") == 1057049557);
  CHECK(ParseRfc5322Date("Tue, 1 Jul 2003 08:52 GMT (UTC)") == 1057049520);
  CHECK(ParseRfc5322Date("Thu, 1 Jan 1970 00:00:00 +0000") == 0);
}

TEST_CASE("what is not a date does not parse") {
  CHECK_FALSE(ParseRfc5322Date(""));
  CHECK_FALSE(ParseRfc5322Date("yesterday"));
  CHECK_FALSE(ParseRfc5322Date("2003-07-01T08:52:37Z"));
  CHECK_FALSE(ParseRfc5322Date("Tue, 1 Jul 2003 10:52:37"));        // no zone
  CHECK_FALSE(ParseRfc5322Date("Tue, 1 Foo 2003 10:52:37 +0200"));  // no such month
  CHECK_FALSE(ParseRfc5322Date("Tue, 1 Jul 2003 25:52:37 +0200"));  // no such hour
  CHECK_FALSE(ParseRfc5322Date("Tue, 1 Jul 2003 10:52:37 +02"));    // short offset
}

TEST_CASE("the top Received line gives the sending time") {
  RawMessage raw = WithHeaders({{"Received", "from a by b; Tue, 1 Jul 2003 10:52:37 +0200"},
                                {"Received", "from c by a; Mon, 30 Jun 2003 10:00:00 +0200"}});
  CHECK(TopReceivedTime(raw) == 1057049557);
  CHECK_FALSE(TopReceivedTime(WithHeaders({{"Received", "from a by b"}})));
  CHECK_FALSE(TopReceivedTime(WithHeaders({})));
}

TEST_CASE("single-instance fields that repeat are counted once each") {
  RawMessage raw = WithHeaders({{"Subject", "a"}, {"subject", "b"}, {"From", "x@y"}, {"Received", "1"},
                                {"Received", "2"}, {"To", "a@b"}, {"TO", "c@d"}, {"To", "e@f"}});
  CHECK(DuplicateSingleFields(raw) == 2);
}

TEST_CASE("fields with raw 8-bit bytes") {
  RawMessage raw = WithHeaders({{"Subject", "Caf\xc3\xa9"}, {"From", "x@y"}, {"X-\xe9", "v"}});
  CHECK(FieldsWith8BitBytes(raw) == 2);
}

TEST_CASE("the longest line counts header names and ignores CR") {
  RawMessage raw = WithHeaders({{"Subject", "abc\r\n defgh"}}, "12345\r\n" + std::string(20, 'x') + "\r\n");
  CHECK(LongestLine(raw) == 20);
  raw.headers.push_back({"X-Long", std::string(30, 'y')});
  CHECK(LongestLine(raw) == 8 + 30);
}

}  // namespace ohm
