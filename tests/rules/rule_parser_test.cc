#include "rules/rule_parser.h"

#include <doctest/doctest.h>

#include <string>

#include "rules_test_support.h"

namespace ohm {
namespace {

struct Parsed {
  RuleDefinitions defs;
  std::vector<std::string> errors;  // "file:line: message"
};

Parsed Parse(const std::string& text) {
  Parsed out;
  std::vector<RuleLoadError> errors;
  ParseRuleSource({"t.cf", text}, &out.defs, &errors);
  for (const auto& e : errors) out.errors.push_back(e.ToString());
  return out;
}

// Parses a single line that must produce exactly one error; returns it.
std::string OneError(const std::string& line) {
  Parsed p = Parse(line);
  REQUIRE_MESSAGE(p.errors.size() == 1, line);
  return p.errors[0];
}

TEST_CASE("header tests: =~, !~, :raw, exists:, if-unset") {
  Parsed p = Parse(
      "header SUBJ_FREE  Subject =~ /\\bfree\\b/i\n"
      "header NO_UA      User-Agent !~ /./\n"
      "header RAW_SUBJ   Subject:raw =~ m{=\\?utf-8\\?}i   # raw RFC 2047 words\n"
      "header __HAS_DATE exists:Date\n"
      "header MID        Message-ID =~ /^<.+@.+>$/ [if-unset: none]\n");
  CHECK(p.errors.empty());
  REQUIRE(p.defs.tests.size() == 5);
  const auto& t = p.defs.tests;
  CHECK(t[0].name == "SUBJ_FREE");
  CHECK(t[0].kind == RuleKind::kHeader);
  CHECK(t[0].header == "Subject");
  CHECK(t[0].pattern == "\\bfree\\b");
  CHECK(t[0].flags == "i");
  CHECK_FALSE(t[0].negated);
  CHECK(t[0].where.ToString() == "t.cf:1");
  CHECK(t[1].negated);
  CHECK(t[1].header == "User-Agent");
  CHECK(t[2].header_raw);
  CHECK(t[2].pattern == "=\\?utf-8\\?");
  CHECK(t[3].header_exists);
  CHECK(t[3].header == "Date");
  REQUIRE(t[4].if_unset.has_value());
  CHECK(*t[4].if_unset == "none");
  CHECK(t[4].where.line == 5);
}

TEST_CASE("body, rawbody, uri, full; regex delimiters and flags") {
  Parsed p = Parse(
      "body   B1 /click here/i\n"
      "rawbody R1 m!<font\\s+size=\"?7!i\n"
      "uri    U1 m{^https?://[^/]*\\.(?:zip|mov)(?:/|$)}\n"
      "full   F1 /^X-Mailer: (?:foo|bar)/msx\n"
      "body   B2 /a\\/b/\n"
      "body   B3 m<a<b>c>\n");
  CHECK(p.errors == Strings{});
  REQUIRE(p.defs.tests.size() == 6);
  CHECK(p.defs.tests[1].kind == RuleKind::kRawBody);
  CHECK(p.defs.tests[1].pattern == "<font\\s+size=\"?7");
  CHECK(p.defs.tests[2].pattern == "^https?://[^/]*\\.(?:zip|mov)(?:/|$)");  // nested braces
  CHECK(p.defs.tests[3].flags == "msx");
  CHECK(p.defs.tests[4].pattern == "a\\/b");
  CHECK(p.defs.tests[5].pattern == "a<b>c");
}

TEST_CASE("comments: at line start or after white space, never inside a regex") {
  Parsed p = Parse(
      "# a comment\n"
      "   # an indented comment\n"
      "\n"
      "body HASH /color:#fff # not a comment/  # a comment\n"
      "describe HASH Colour \\#fff is white  # trailing comment\n"
      "describe HASH Colour #fff is white\n"
      "meta M HASH && !HASH # why\n");
  CHECK(p.errors == Strings{});
  REQUIRE(p.defs.tests.size() == 2);
  CHECK(p.defs.tests[0].pattern == "color:#fff # not a comment");
  CHECK(p.defs.tests[0].where.line == 4);
  CHECK(p.defs.descriptions[0].text == "Colour #fff is white");  // SpamAssassin's escape
  CHECK(p.defs.descriptions[1].text == "Colour");
  CHECK(p.defs.tests[1].expression == "HASH && !HASH");
}

TEST_CASE("meta, metric, score, describe, tflags, param") {
  Parsed p = Parse(
      "meta   M1 (__A + __B) >= 2\n"
      "metric CAPS text_chars >= CAPS_MIN && caps_ratio > 0.3\n"
      "score  M1 2.5\n"
      "score  CAPS 1 2 3 4\n"
      "score  NEG -0.5\n"
      "describe M1 Two of A and B\n"
      "tflags M1 multiple maxhits=3 nice\n"
      "tflags B2 nosubject\n"
      "param  CAPS_MIN 200\n"
      "PARAM  CAPS_MIN2 .5\n");
  CHECK(p.errors == Strings{});
  CHECK(p.defs.tests[1].kind == RuleKind::kMetric);
  CHECK(p.defs.tests[1].expression == "text_chars >= CAPS_MIN && caps_ratio > 0.3");
  REQUIRE(p.defs.scores.size() == 3);
  CHECK(p.defs.scores[0].value == 2.5);
  CHECK(p.defs.scores[1].value == 1);  // first of four: the set without Bayes and network tests
  CHECK(p.defs.scores[2].value == -0.5);
  CHECK(p.defs.descriptions[0].text == "Two of A and B");
  REQUIRE(p.defs.tflags.size() == 2);
  CHECK(p.defs.tflags[0].multiple);
  CHECK(p.defs.tflags[0].maxhits == 3u);
  CHECK(p.defs.tflags[1].nosubject);
  REQUIRE(p.defs.params.size() == 2);
  CHECK(p.defs.params[0].value == 200);
  CHECK(p.defs.params[1].value == 0.5);
}

TEST_CASE("phrases, phrase, phrasecap") {
  Parsed p = Parse(
      "phrases   SPAMMY subject body\n"
      "phrase    SPAMMY 1.5 act   now\n"
      "phrase    SPAMMY 2 Größe zählt   # a comment\n"
      "phrasecap SPAMMY 4\n");
  CHECK(p.errors == Strings{});
  REQUIRE(p.defs.tests.size() == 1);
  CHECK(p.defs.tests[0].scan_subject);
  CHECK(p.defs.tests[0].scan_body);
  REQUIRE(p.defs.phrases.size() == 2);
  CHECK(p.defs.phrases[0].words == "act now");
  CHECK(p.defs.phrases[0].weight == 1.5);
  CHECK(p.defs.phrases[1].words == "Größe zählt");
  CHECK(p.defs.phrase_caps[0].value == 4);
}

TEST_CASE("CRLF line ends and a byte order mark are accepted") {
  Parsed p = Parse("\xEF\xBB\xBF" "body A /x/\r\nscore A 2\r\n");
  CHECK(p.errors == Strings{});
  REQUIRE(p.defs.tests.size() == 1);
  CHECK(p.defs.tests[0].pattern == "x");
  CHECK(p.defs.scores[0].value == 2);
}

TEST_CASE("syntax errors name file and line") {
  CHECK(OneError("frobnicate X 1") == "t.cf:1: unknown directive 'frobnicate'");
  CHECK(OneError("body") == "t.cf:1: missing rule name");
  CHECK(OneError("body BAD-NAME /x/") == "t.cf:1: bad rule name 'BAD-NAME'");
  CHECK(OneError("body X") == "t.cf:1: missing regex");
  CHECK(OneError("body X free") == "t.cf:1: expected a regex like /.../ or m{...}");
  CHECK(OneError("body X /free") == "t.cf:1: unterminated regex");
  CHECK(OneError("body X m{a{2}") == "t.cf:1: unterminated regex");
  CHECK(OneError("body X /free/g") == "t.cf:1: unknown regex flag 'g'");
  CHECK(OneError("body X /free/i junk") == "t.cf:1: unexpected text after regex: 'junk'");
  CHECK(OneError("body X eval:check_foo()") == "t.cf:1: eval: tests are not supported");
  CHECK(OneError("header X Subject") ==
        "t.cf:1: expected 'Header =~ /regex/', 'Header !~ /regex/' or 'exists:Header'");
  CHECK(OneError("header X From:address =~ /x/") ==
        "t.cf:1: unsupported header modifier ':address' (known: :raw, :addr, :name)");
  CHECK(OneError("header X ALL:addr =~ /x/") ==
        "t.cf:1: ':addr' needs an address header (From, To, Cc, ToCc, Reply-To...), not ALL");
  CHECK(OneError("header X exists:") == "t.cf:1: bad header name ''");
  CHECK(OneError("header X Subject =~ /x/ [if-unset: y") == "t.cf:1: missing ']' after if-unset");
  CHECK(OneError("meta X") == "t.cf:1: missing expression");
  CHECK(OneError("meta X # only a comment") == "t.cf:1: missing expression");
  CHECK(OneError("score X") == "t.cf:1: missing score");
  CHECK(OneError("score X high") == "t.cf:1: bad number 'high'");
  CHECK(OneError("score X 1 2") == "t.cf:1: expected one or four score values");
  CHECK(OneError("score X 1e999") == "t.cf:1: bad number '1e999'");
  CHECK(OneError("describe X") == "t.cf:1: missing description");
  CHECK(OneError("tflags X autolearn_force") == "t.cf:1: unknown tflag 'autolearn_force'");
  CHECK(OneError("tflags X maxhits=0") == "t.cf:1: bad maxhits '0'");
  CHECK(OneError("param P") == "t.cf:1: missing value");
  CHECK(OneError("param P 1 2") == "t.cf:1: unexpected text after value: '2'");
  CHECK(OneError("phrases L") == "t.cf:1: missing phrases targets (subject, body)");
  CHECK(OneError("phrases L headers") ==
        "t.cf:1: unknown phrases target 'headers' (expected subject or body)");
  CHECK(OneError("phrase L -1 act now") == "t.cf:1: phrase weight must not be negative");
  CHECK(OneError("phrase L 1") == "t.cf:1: missing phrase words");
  CHECK(OneError("phrase L 1 caf\xe9") == "t.cf:1: phrase is not valid UTF-8");
  CHECK(OneError("phrasecap L 0") == "t.cf:1: phrasecap must be positive");
}

TEST_CASE("every faulty line is reported, and the good ones still parse") {
  Parsed p = Parse(
      "body GOOD /x/\n"
      "bodyy TYPO /x/\n"
      "\n"
      "score GOOD lots\n"
      "body GOOD2 /y/\n");
  CHECK(p.errors == Strings{"t.cf:2: unknown directive 'bodyy'", "t.cf:4: bad number 'lots'"});
  REQUIRE(p.defs.tests.size() == 2);
  CHECK_FALSE(p.defs.tests[0].faulty);
  CHECK_FALSE(p.defs.tests[1].faulty);
}

TEST_CASE("a faulty test line still defines its name, marked faulty") {
  Parsed p = Parse("body BROKEN /x/g\n");
  REQUIRE(p.defs.tests.size() == 1);
  CHECK(p.defs.tests[0].name == "BROKEN");
  CHECK(p.defs.tests[0].faulty);
}

TEST_CASE("IsValidRuleName") {
  CHECK(IsValidRuleName("FOO_BAR2"));
  CHECK(IsValidRuleName("__SUB"));
  CHECK(IsValidRuleName("3D"));
  CHECK_FALSE(IsValidRuleName(""));
  CHECK_FALSE(IsValidRuleName("A-B"));
  CHECK_FALSE(IsValidRuleName("A.B"));
}

}  // namespace
}  // namespace ohm
