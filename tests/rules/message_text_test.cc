#include "rules/message_text.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

RawMessage Headers(std::vector<HeaderField> fields) {
  RawMessage raw;
  raw.headers = std::move(fields);
  return raw;
}

TEST_CASE("UnfoldHeader removes folding line breaks, keeps the white space") {
  CHECK(UnfoldHeader("a\r\n b") == "a b");
  CHECK(UnfoldHeader("a\n\tb") == "a\tb");
  CHECK(UnfoldHeader("a\r\n  b\r\n c") == "a  b c");
  CHECK(UnfoldHeader("value\r\n") == "value");
  CHECK(UnfoldHeader("plain") == "plain");
  CHECK(UnfoldHeader("") == "");
}

TEST_CASE("HeaderText: missing, case-insensitive names, repeated fields") {
  RawMessage raw = Headers({{"Received", "from a\r\n by b"}, {"received", "from c"}, {"X-Tag", ""}});
  ParsedMessage parsed;
  CHECK_FALSE(HeaderText(raw, parsed, {"Subject", false}).has_value());
  CHECK(*HeaderText(raw, parsed, {"RECEIVED", false}) == "from a by b\nfrom c");
  CHECK(*HeaderText(raw, parsed, {"Received", true}) == "from a\r\n by b\nfrom c");
  CHECK(*HeaderText(raw, parsed, {"x-tag", false}) == "");  // present but empty
}

TEST_CASE("HeaderText: Subject is the decoded subject unless :raw") {
  RawMessage raw = Headers({{"Subject", "=?utf-8?q?Gr=C3=B6=C3=9Fe?="}});
  ParsedMessage parsed;
  parsed.subject = "Größe";
  CHECK(*HeaderText(raw, parsed, {"Subject", false}) == "Größe");
  CHECK(*HeaderText(raw, parsed, {"Subject", true}) == "=?utf-8?q?Gr=C3=B6=C3=9Fe?=");
  // The parser's subject alone does not make a Subject header.
  RawMessage none;
  CHECK_FALSE(HeaderText(none, parsed, {"Subject", false}).has_value());
}

TEST_CASE("HeaderText: ALL and ToCc") {
  RawMessage raw = Headers({{"From", "a@example.com"}, {"To", "b@example.com,\r\n c@example.com"},
                            {"Cc", "d@example.com"}});
  ParsedMessage parsed;
  CHECK(*HeaderText(raw, parsed, {"ALL", false}) ==
        "From: a@example.com\nTo: b@example.com, c@example.com\nCc: d@example.com\n");
  CHECK(*HeaderText(raw, parsed, {"ALL", true}) ==
        "From: a@example.com\nTo: b@example.com,\r\n c@example.com\nCc: d@example.com\n");
  CHECK(*HeaderText(raw, parsed, {"ToCc", false}) == "b@example.com, c@example.com\nd@example.com");
  CHECK(*HeaderText(RawMessage{}, parsed, {"ALL", false}) == "");
  CHECK_FALSE(HeaderText(RawMessage{}, parsed, {"ToCc", false}).has_value());
}

TEST_CASE("HeaderText: :addr and :name read address lists") {
  RawMessage raw = Headers({{"From", " \"PayPal Service\" <alerts@mailer.EXAMPLE>"},
                            {"To", " Anna <anna@example.net>, bob@example.org,\r\n =?utf-8?q?J=C3=BCrgen?= <j@example.de>"},
                            {"Cc", " team: c@example.com, Dora <d@example.com>;"},
                            {"Reply-To", " not an address at all"}});
  ParsedMessage parsed;
  CHECK(*HeaderText(raw, parsed, {"From", false, HeaderPart::kNames}) == "PayPal Service");
  CHECK(*HeaderText(raw, parsed, {"From", false, HeaderPart::kAddresses}) == "alerts@mailer.example");
  CHECK(*HeaderText(raw, parsed, {"To", false, HeaderPart::kNames}) == "Anna\nJürgen");
  CHECK(*HeaderText(raw, parsed, {"to", false, HeaderPart::kAddresses}) ==
        "anna@example.net\nbob@example.org\nj@example.de");
  // Group members count; ToCc reads both fields in order.
  CHECK(*HeaderText(raw, parsed, {"ToCc", false, HeaderPart::kAddresses}) ==
        "anna@example.net\nbob@example.org\nj@example.de\nc@example.com\nd@example.com");
  CHECK(*HeaderText(raw, parsed, {"Cc", false, HeaderPart::kNames}) == "Dora");
  // Present but without an address: an empty text, not a missing header.
  CHECK(*HeaderText(raw, parsed, {"Reply-To", false, HeaderPart::kAddresses}) == "");
  CHECK_FALSE(HeaderText(raw, parsed, {"Sender", false, HeaderPart::kAddresses}).has_value());
  // Each From field is parsed on its own.
  RawMessage two = Headers({{"From", " broken <<"}, {"From", " Eve <eve@example.com>"}});
  CHECK(*HeaderText(two, parsed, {"From", false, HeaderPart::kAddresses}) == "eve@example.com");
}

TEST_CASE("HasHeader") {
  RawMessage raw = Headers({{"message-id", "<x@y>"}});
  CHECK(HasHeader(raw, "Message-ID"));
  CHECK_FALSE(HasHeader(raw, "Date"));
}

TEST_CASE("MessageText builds body, rawbody and full texts") {
  RawMessage raw = Headers({{"Subject", "Hi"}, {"From", "a@b"}});
  raw.body = "<p>Hello</p>\r\n";
  ParsedMessage parsed;
  parsed.subject = "Hi";
  parsed.body_text = "Hello\nthere";
  parsed.plain_text = "there";
  parsed.html_raw = "<p>Hello</p>";
  std::vector<HeaderTarget> targets = {{"From", false}, {"Date", false}};
  MessageText text(raw, parsed, targets);
  CHECK(text.Body() == "Hi\nHello\nthere");
  CHECK(text.BodyWithoutSubject() == "Hello\nthere");
  CHECK(text.RawBody() == "there\n<p>Hello</p>");
  CHECK(text.Full() == "Subject: Hi\nFrom: a@b\n\n<p>Hello</p>\r\n");
  REQUIRE(text.HeaderValue(0) != nullptr);
  CHECK(*text.HeaderValue(0) == "a@b");
  CHECK(text.HeaderValue(1) == nullptr);
  CHECK(text.HeaderValue(7) == nullptr);  // out of range
}

TEST_CASE("MessageText reads styled letters as plain in decoded texts only") {
  RawMessage raw = Headers({{"Subject", "=?utf-8?b?...?="}, {"From", "𝐏𝐚𝐲𝐏𝐚𝐥 <a@b.example>"}});
  raw.body = "body bytes";
  ParsedMessage parsed;
  parsed.subject = "ＦＲＥＥ gift";
  parsed.body_text = "Claim your ꜰʀᴇᴇ gift";
  parsed.plain_text = parsed.body_text;
  std::vector<HeaderTarget> targets = {{"From", false, HeaderPart::kNames}, {"From", true}, {"Subject", false}};
  MessageText text(raw, parsed, targets);
  CHECK(text.Subject() == "FREE gift");
  CHECK(text.BodyWithoutSubject() == "Claim your free gift");
  CHECK(text.Body() == "FREE gift\nClaim your free gift");
  REQUIRE(text.HeaderValue(0) != nullptr);
  CHECK(*text.HeaderValue(0) == "PayPal");
  REQUIRE(text.HeaderValue(2) != nullptr);
  CHECK(*text.HeaderValue(2) == "FREE gift");
  // Raw texts are as received: a rule can still look for the disguise itself.
  REQUIRE(text.HeaderValue(1) != nullptr);
  CHECK(*text.HeaderValue(1) == "𝐏𝐚𝐲𝐏𝐚𝐥 <a@b.example>");
  CHECK(text.RawBody() == "Claim your ꜰʀᴇᴇ gift");
  // Look-alike letters inside Latin words are read as Latin, with styled ones.
  ParsedMessage disguised;
  disguised.subject = "Fr\u0435\u0435 𝐆𝐈𝐅𝐓";  // two Cyrillic е, then bold GIFT
  disguised.body_text = "Your P\u0430yPal account";
  MessageText disguised_text(raw, disguised, targets);
  CHECK(disguised_text.Subject() == "Free GIFT");
  CHECK(disguised_text.BodyWithoutSubject() == "Your PayPal account");
  // Digits for letters are read as letters too, after the other readings.
  ParsedMessage leet;
  leet.subject = "L1mited offer";
  leet.body_text = "Buy V1agra, c1ick hеre";  // with a Cyrillic е as well
  MessageText leet_text(raw, leet, targets);
  CHECK(leet_text.Subject() == "Limited offer");
  CHECK(leet_text.BodyWithoutSubject() == "Buy Viagra, click here");
  CHECK(leet_text.BodyReadAsPlain());
  // Text without styled letters is the parser's own, not a copy.
  ParsedMessage ordinary;
  ordinary.body_text = "Plain";
  MessageText plain_text(raw, ordinary, targets);
  CHECK(&plain_text.BodyWithoutSubject() == &ordinary.body_text);
}

}  // namespace
}  // namespace ohm
