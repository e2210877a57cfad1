#include "core/raw_message.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

const CollectLimits kDefaults;

TEST_CASE("SplitMessage with CRLF line ends") {
  RawMessage m = SplitMessage("From: a@example.com\r\nSubject: Hi\r\n\r\nbody line\r\n", kDefaults);
  REQUIRE(m.headers.size() == 2);
  CHECK(m.headers[0].name == "From");
  CHECK(m.headers[0].value == "a@example.com");
  CHECK(m.headers[1].name == "Subject");
  CHECK(m.headers[1].value == "Hi");
  CHECK(m.body == "body line\r\n");
  CHECK(m.body_bytes_seen == 11);
  CHECK(m.headers_complete);
  CHECK_FALSE(m.body_truncated);
}

TEST_CASE("SplitMessage with LF line ends") {
  RawMessage m = SplitMessage("To: b@example.org\nX-Empty:\n\nline1\n\nline3", kDefaults);
  REQUIRE(m.headers.size() == 2);
  CHECK(m.headers[0].value == "b@example.org");
  CHECK(m.headers[1].name == "X-Empty");
  CHECK(m.headers[1].value == "");
  CHECK(m.body == "line1\n\nline3");
  CHECK(m.headers_complete);
}

TEST_CASE("SplitMessage keeps folding inside values") {
  RawMessage m = SplitMessage(
      "Subject: first\r\n second\r\n\tthird\r\nTo: x@example.com\r\n\r\nB", kDefaults);
  REQUIRE(m.headers.size() == 2);
  CHECK(m.headers[0].value == "first\r\n second\r\n\tthird");
  CHECK(m.headers[1].value == "x@example.com");
  CHECK(m.body == "B");

  RawMessage lf = SplitMessage("Subject:\n  folded\n\nB", kDefaults);
  REQUIRE(lf.headers.size() == 1);
  CHECK(lf.headers[0].value == "\n  folded");
}

TEST_CASE("SplitMessage accepts white space before the colon") {
  RawMessage m = SplitMessage("Subject : spaced\n\n", kDefaults);
  REQUIRE(m.headers.size() == 1);
  CHECK(m.headers[0].name == "Subject");
  CHECK(m.headers[0].value == "spaced");
  CHECK(m.body.empty());
}

TEST_CASE("SplitMessage: first line not a header means no header section") {
  const std::string input = "Hello there,\nthis is not a header: really\n\nbye\n";
  RawMessage m = SplitMessage(input, kDefaults);
  CHECK(m.headers.empty());
  CHECK(m.body == input);
  CHECK_FALSE(m.headers_complete);

  RawMessage folded_first = SplitMessage(" leading space: x\n\nbody", kDefaults);
  CHECK(folded_first.headers.empty());
  CHECK(folded_first.body == " leading space: x\n\nbody");
}

TEST_CASE("SplitMessage: a line without colon ends the headers, rest is body") {
  RawMessage m = SplitMessage("From: a@example.com\nthis line has no colon\nTo: b@example.com\n", kDefaults);
  REQUIRE(m.headers.size() == 1);
  CHECK(m.headers[0].name == "From");
  CHECK(m.body == "this line has no colon\nTo: b@example.com\n");
  CHECK_FALSE(m.headers_complete);
}

TEST_CASE("SplitMessage: input with only headers and no separator") {
  RawMessage m = SplitMessage("From: a@example.com\r\nSubject: s\r\n", kDefaults);
  REQUIRE(m.headers.size() == 2);
  CHECK(m.headers[1].value == "s");
  CHECK(m.body.empty());
  CHECK(m.body_bytes_seen == 0);
  CHECK_FALSE(m.headers_complete);
}

TEST_CASE("SplitMessage: leading empty line gives no headers but a complete section") {
  RawMessage m = SplitMessage("\r\nonly body\r\n", kDefaults);
  CHECK(m.headers.empty());
  CHECK(m.body == "only body\r\n");
  CHECK(m.headers_complete);
}

TEST_CASE("SplitMessage: empty input") {
  RawMessage m = SplitMessage("", kDefaults);
  CHECK(m.headers.empty());
  CHECK(m.body.empty());
  CHECK_FALSE(m.headers_complete);
}

TEST_CASE("SplitMessage skips an mbox From_ line") {
  RawMessage m = SplitMessage("From someone@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\n\nx",
                              kDefaults);
  REQUIRE(m.headers.size() == 1);
  CHECK(m.headers[0].name == "From");
  CHECK(m.body == "x");
}

TEST_CASE("SplitMessage handles NUL bytes and 8-bit garbage") {
  const std::string input("\x01\xff\x00\x80garbage\n\nmore\x00", 18);
  RawMessage m = SplitMessage(input, kDefaults);
  CHECK(m.headers.empty());
  CHECK(m.body == input);

  const std::string with_nul("X-Bin: a\0b\n\nbody", 16);
  RawMessage h = SplitMessage(with_nul, kDefaults);
  REQUIRE(h.headers.size() == 1);
  CHECK(h.headers[0].value == std::string("a\0b", 3));
  CHECK(h.body == "body");
}

TEST_CASE("SplitMessage honours the collect limits") {
  CollectLimits limits;
  limits.max_headers = 2;
  limits.max_header_bytes = 4;
  limits.max_body_bytes = 5;
  RawMessage m = SplitMessage("A: 1\nB: 123456\nC: 3\n\n0123456789", limits);
  REQUIRE(m.headers.size() == 2);
  CHECK(m.headers[1].value == "1234");
  CHECK(m.headers_cut == 1);
  CHECK(m.headers_dropped == 1);
  // One line with no end before the limit: kept whole and ended.
  CHECK(m.body == "01234\n");
  CHECK(m.body_prefix_bytes == 5);
  CHECK(m.body_bytes_seen == 10);
  CHECK(m.body_truncated);
}

TEST_CASE("Find and Count are case-insensitive and keep order") {
  RawMessage m = SplitMessage("Received: one\nreceived: two\nSubject: s\n\n", kDefaults);
  REQUIRE(m.Find("RECEIVED") != nullptr);
  CHECK(*m.Find("RECEIVED") == "one");
  CHECK(m.Count("Received") == 2);
  CHECK(m.Count("subject") == 1);
  CHECK(m.Count("Date") == 0);
  CHECK(m.Find("Date") == nullptr);
}

TEST_CASE("AddHeader and AppendBody as a collector uses them") {
  CollectLimits limits;
  limits.max_headers = 1;
  limits.max_header_bytes = 3;
  limits.max_body_bytes = 4;
  RawMessage m;
  AddHeader(&m, "X-A", "abcdef", limits);
  AddHeader(&m, "X-B", "b", limits);
  REQUIRE(m.headers.size() == 1);
  CHECK(m.headers[0].value == "abc");
  CHECK(m.headers_cut == 1);
  CHECK(m.headers_dropped == 1);

  AppendBody(&m, "ab", limits);
  CHECK_FALSE(m.body_truncated);
  AppendBody(&m, "cdef", limits);
  AppendBody(&m, "gh", limits);
  CHECK(m.body == "abcd\n");
  CHECK(m.body_bytes_seen == 8);
  CHECK(m.body_truncated);
}

TEST_CASE("past max_body_bytes the start is cut back to a line end and the MIME structure is kept") {
  CollectLimits limits;
  limits.max_body_bytes = 64;
  std::string text = "--b\nContent-Type: text/plain\n\nhello there\n";
  std::string big = "--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n";
  for (int i = 0; i < 1000; ++i) big += "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA\n";
  std::string exe = "--b\nContent-Type: application/octet-stream; name=run.exe\n\nTVqQAAMA\n--b--\n";
  std::string body = text + big + exe;
  RawMessage m;
  // Fed the way an MTA streams it: in chunks that do not follow lines.
  for (size_t i = 0; i < body.size(); i += 13) AppendBody(&m, std::string_view(body).substr(i, 13), limits);
  CHECK(m.body_truncated);
  CHECK(m.body_bytes_seen == body.size());
  REQUIRE(m.body_prefix_bytes <= 64);
  CHECK(m.body.substr(0, m.body_prefix_bytes) == body.substr(0, m.body_prefix_bytes));
  CHECK(m.body[m.body_prefix_bytes - 1] == '\n');
  CHECK(m.body.substr(m.body_prefix_bytes) ==
        "--b\nContent-Type: application/octet-stream; name=run.exe\n\n--b--\n");
  CHECK(m.body.capacity() < 64 + limits.max_structure_bytes + 64);
}

TEST_CASE("a body within max_body_bytes is kept as is, without doubling its buffer past the limit") {
  CollectLimits limits;
  limits.max_body_bytes = 100000;
  RawMessage m;
  std::string line(99, 'x');
  line += '\n';
  for (int i = 0; i < 1000; ++i) AppendBody(&m, line, limits);
  CHECK_FALSE(m.body_truncated);
  CHECK(m.body.size() == 100000);
  CHECK(m.body.capacity() <= 100000 + 32);
}

TEST_CASE("WireSize counts headers, separator and the whole body") {
  RawMessage m;
  AddHeader(&m, "Subject", "Hi", kDefaults);  // "Subject: Hi\r\n" = 13
  AppendBody(&m, "12345", kDefaults);
  CHECK(m.WireSize() == 13 + 2 + 5);

  CollectLimits small;
  small.max_body_bytes = 2;
  RawMessage t;
  AppendBody(&t, "12345", small);
  CHECK(t.WireSize() == 2 + 5);  // counted as seen, not as kept
  CHECK(t.body.size() == 3);
}

}  // namespace
}  // namespace ohm
