#include "parse/mime_parser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

using namespace ohm;

namespace {

ParsedMessage ParseFixture(const std::string& name, ParseLimits limits = {}) {
  std::ifstream in(std::string(OHM_TEST_FIXTURES) + "/parse/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseMessage(SplitMessage(ss.str(), CollectLimits{}), limits);
}

ParsedMessage ParseText(const std::string& text, ParseLimits limits = {}) {
  return ParseMessage(SplitMessage(text, CollectLimits{}), limits);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool AnyContains(const std::vector<std::string>& items, const std::string& needle) {
  return std::any_of(items.begin(), items.end(), [&](const std::string& s) { return Contains(s, needle); });
}

}  // namespace

TEST_CASE("plain message: subject, from and text") {
  ParsedMessage m = ParseFixture("plain.eml");
  CHECK(m.subject == "Quarterly report");
  REQUIRE(m.from_addresses.size() == 1);
  CHECK_FALSE(m.from_parse_failed);
  CHECK(m.has_text_plain);
  CHECK_FALSE(m.has_text_html);
  CHECK(m.defects.empty());
}

TEST_CASE("multipart/alternative: both parts, HTML rendered, links from both") {
  ParsedMessage m = ParseFixture("alternative.eml");
  CHECK(m.has_text_plain);
  CHECK(m.has_text_html);
  CHECK(Contains(m.plain_text, "Spring sale! Visit https://shop.example/sale"));
  CHECK(Contains(m.html_text, "Spring sale!"));
  CHECK_FALSE(Contains(m.html_text, "Hidden title"));
  CHECK_FALSE(Contains(m.html_text, "color: red"));
  CHECK(Contains(m.html_raw, "<style>"));
  bool bare = false, html = false;
  for (const Link& l : m.links) {
    if (!l.from_html && l.host == "shop.example") bare = true;
    if (l.from_html && l.host == "shop.example" && l.text == "our shop") html = true;
  }
  CHECK(bare);
  CHECK(html);
  CHECK(m.mime_depth == 1);
}

TEST_CASE("RFC 2231 attachment names and base64 bodies are decoded") {
  ParsedMessage m = ParseFixture("attachment_rfc2231.eml");
  REQUIRE(m.attachments.size() == 2);
  CHECK(m.attachments[0].filename == "Rechnung M\xc3\xa4rz 2024.pdf");
  CHECK(m.attachments[0].content_type == "application/pdf");
  CHECK(m.attachments[0].size > 100);
  CHECK_FALSE(m.attachments[0].is_inline);
  // An RFC 2047 encoded-word in a quoted filename, as common MUAs write it.
  CHECK(m.attachments[1].filename == "bild_gr\xc3\xbc\xc3\x9f.png");
  CHECK(m.attachments[1].is_inline);

  ParsedMessage b = ParseFixture("base64.eml");
  CHECK(Contains(b.plain_text, "Bonjour, ceci est encod\xc3\xa9 en base64."));
  CHECK(Contains(b.html_text, "Base64 link"));
}

TEST_CASE("RFC 2047 subject and display name, Latin-1 quoted-printable body") {
  ParsedMessage m = ParseFixture("latin1_qp.eml");
  CHECK(m.subject == "Caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 vendre");
  CHECK(m.from_display == "Ren\xc3\xa9");
  CHECK(Contains(m.plain_text, "Caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 3 EUR?"));
  REQUIRE_FALSE(m.text_parts.empty());
  CHECK(m.text_parts[0].charset == "iso-8859-1");
}

TEST_CASE("active HTML content is counted") {
  ParsedMessage m = ParseFixture("html_active.eml");
  CHECK(m.script_tags == 2);
  CHECK(m.event_handlers >= 3);
  CHECK(m.javascript_urls >= 3);
  CHECK_FALSE(Contains(m.html_text, "head script text"));
  CHECK(Contains(m.html_text, "Visible end."));
}

TEST_CASE("an attached web page is read for what it runs, and is not body text") {
  const std::string head =
      "From: a@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nSee the page.\r\n";
  ParsedMessage m = ParseText(head +
                              "--b\r\nContent-Type: application/octet-stream; name=scan.svg\r\n"
                              "Content-Disposition: attachment; filename=scan.svg\r\n"
                              "Content-Transfer-Encoding: base64\r\n\r\n"
                              // <svg><script>go()</script><text>hidden</text></svg>
                              "PHN2Zz48c2NyaXB0PmdvKCk8L3NjcmlwdD48dGV4dD5oaWRkZW48L3RleHQ+PC9zdmc+\r\n"
                              "--b\r\nContent-Type: text/html; name=report.html\r\n"
                              "Content-Disposition: attachment; filename=report.html\r\n\r\n"
                              "<p>All hosts OK</p>\r\n--b--\r\n");
  REQUIRE(m.attachments.size() == 2);
  CHECK(m.attachments[0].html_file);
  CHECK(m.attachments[0].html_active == "a script");
  CHECK(m.attachments[0].size > 40);
  CHECK(m.attachments[1].html_file);
  CHECK(m.attachments[1].html_active.empty());
  // An attached page is a file, not text the message shows.
  CHECK(m.script_tags == 0);
  CHECK_FALSE(Contains(m.body_text, "All hosts OK"));
  // The message's own HTML body is no attachment.
  ParsedMessage body = ParseText(
      "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<form><p>Hi</p></form>\r\n");
  CHECK(body.attachments.empty());
}

TEST_CASE("MIME depth beyond the limit is not parsed, and said so") {
  ParseLimits limits;
  limits.max_mime_depth = 5;
  ParsedMessage m = ParseFixture("deep_nesting.eml", limits);
  CHECK(m.mime_depth <= 5);
  CHECK(AnyContains(m.limits_hit, "MIME depth limit 5 reached"));
  // 25 levels: past the default limit of 20 too, but parsed five levels deeper.
  ParsedMessage deeper = ParseFixture("deep_nesting.eml");
  CHECK(AnyContains(deeper.limits_hit, "MIME depth limit 20 reached"));
  CHECK(deeper.mime_depth > 5);
  limits.max_mime_depth = 30;
  CHECK(ParseFixture("deep_nesting.eml", limits).limits_hit.empty());
}

TEST_CASE("structural faults are reported as defects, the rest still decoded") {
  ParsedMessage m = ParseFixture("defects.eml");
  CHECK_FALSE(m.defects.empty());
  CHECK(Contains(m.body_text, "text in an unknown charset"));
  ParsedMessage open = ParseFixture("missing_closing_boundary.eml");
  CHECK(AnyContains(open.defects, "closing boundary"));
}

TEST_CASE("garbage and header-less input never fail") {
  ParsedMessage g = ParseFixture("garbage.eml");
  CHECK(g.from_addresses.empty());
  ParsedMessage n = ParseFixture("no_headers.eml");
  CHECK(n.subject.empty());
  CHECK_FALSE(n.body_text.empty());
  ParsedMessage e = ParseText("");
  CHECK(e.body_text.empty());
}

TEST_CASE("HTML nested past max_html_depth is cut and noted") {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<div>";
  std::string msg = "From: a@example.com\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/html\r\n\r\n<p>visible start</p>" + html + "hidden bottom\r\n";
  ParseLimits limits;
  limits.max_html_depth = 100;
  ParsedMessage m = ParseText(msg, limits);
  CHECK(Contains(m.html_text, "visible start"));
  CHECK_FALSE(Contains(m.html_text, "hidden bottom"));
  CHECK(AnyContains(m.limits_hit, "HTML nesting limit 100 reached"));
}

TEST_CASE("DecodeUnstructuredHeader unfolds, decodes RFC 2047 words and trims") {
  CHECK(DecodeUnstructuredHeader(" =?utf-8?q?Caf=C3=A9?= open\r\n\tlate ") == "Café open\tlate");
  CHECK(DecodeUnstructuredHeader("=?utf-8?b?4pOM4pOY4pOd4pOd4pOU4pOh?= today") == "Ⓦⓘⓝⓝⓔⓡ today");
  CHECK(DecodeUnstructuredHeader("plain") == "plain");
  CHECK(DecodeUnstructuredHeader("") == "");
}
