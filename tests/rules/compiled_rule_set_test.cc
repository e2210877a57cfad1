// The rule engine's evaluation of one message (CompiledRuleSet through
// RuleSet::Load and Evaluate): what each kind of rule reads, how it scores,
// and the evidence a hit quotes.
#include "rules/compiled_rule_set.h"

#include <doctest/doctest.h>

#include "rules_test_support.h"

namespace ohm {
namespace {

TEST_CASE("header rules: a match quotes the field, a negated rule hits on no match, if-unset stands in") {
  auto rules = MustLoad(
      "header FREE_SUBJ Subject =~ /free/i\n"
      "header NO_DATE Date !~ /\\d/\n"
      "header NO_MAILER X-Mailer =~ /^none$/ [if-unset: none]\n"
      "header HAS_LIST exists:List-Id\n");
  TestMessage m;
  m.Subject("Free shipping this week").Header("Date", "Fri, 27 Nov 2026 10:00:00 +0000");
  Evaluated e = EvaluateMessage(*rules, m);
  CHECK(e.Names() == Strings{"FREE_SUBJ", "NO_MAILER"});
  CHECK(e.Find("FREE_SUBJ")->detail == "Subject: \"Free\"");
  CHECK(e.Find("FREE_SUBJ")->score == 1);

  TestMessage undated;
  undated.Subject("Minutes").Header("X-Mailer", "Thunderbird").Header("List-Id", "<team.example.org>");
  CHECK(EvaluateMessage(*rules, undated).Names() == Strings{"HAS_LIST", "NO_DATE"});
  CHECK(EvaluateMessage(*rules, undated).Find("NO_DATE")->detail.empty());
}

TEST_CASE("body rules read the subject and the text; nosubject reads the text alone") {
  auto rules = MustLoad(
      "body WINNER /\\bwinner\\b/i\n"
      "body WINNER_TEXT /\\bwinner\\b/i\n"
      "tflags WINNER_TEXT nosubject\n");
  TestMessage in_subject;
  in_subject.Subject("You are a winner").Body("Collect the prize at the desk.");
  CHECK(EvaluateMessage(*rules, in_subject).Names() == Strings{"WINNER"});
  TestMessage in_text;
  in_text.Subject("Prize").Body("Every winner collects at the desk.");
  CHECK(EvaluateMessage(*rules, in_text).Names() == Strings{"WINNER", "WINNER_TEXT"});
}

TEST_CASE("tflags multiple counts each match into the score, up to maxhits") {
  auto rules = MustLoad(
      "body ONE /!!/\n"
      "body EACH /!!/\n"
      "tflags EACH multiple maxhits=3\n"
      "score EACH 0.5\n");
  TestMessage m;
  m.Subject("Sale").Body("Now!! Today!! Only!! Hurry!! Go!!");
  Evaluated e = EvaluateMessage(*rules, m);
  CHECK(e.Find("ONE")->score == 1);
  CHECK(e.Find("EACH")->score == doctest::Approx(1.5));
  CHECK(e.Find("EACH")->detail == "\"!!\" (3 matches)");
}

TEST_CASE("score 0 disables a rule, and a meta reads other rules whatever their score") {
  auto rules = MustLoad(
      "body __MONEY /\\$\\d+/\n"
      "body __URGENT /\\burgent\\b/i\n"
      "meta URGENT_MONEY __MONEY && __URGENT\n"
      "score URGENT_MONEY 2.5\n"
      "body OFF /urgent/i\n"
      "score OFF 0\n");
  TestMessage both;
  both.Subject("Urgent").Body("Send $500 today.");
  Evaluated e = EvaluateMessage(*rules, both);
  CHECK(e.Names() == Strings{"URGENT_MONEY"});
  CHECK(e.Find("URGENT_MONEY")->score == 2.5);
  TestMessage one;
  one.Subject("Invoice").Body("The total is $500.");
  CHECK(EvaluateMessage(*rules, one).Names().empty());
}

TEST_CASE("metric rules compare features with params; a later param replaces an earlier one") {
  std::vector<RuleSource> sources = {
      {"10_base.cf", "param CAPS_MAX 0.5\nmetric SHOUTING subject_caps_ratio > CAPS_MAX\n"},
      {"local.cf", "param CAPS_MAX 0.8\n"}};
  auto rules = MustLoad(sources);
  TestMessage loud;
  loud.Subject("x").Feature("subject_caps_ratio", 0.9);
  CHECK(EvaluateMessage(*rules, loud).Names() == Strings{"SHOUTING"});
  TestMessage moderate;
  moderate.Subject("x").Feature("subject_caps_ratio", 0.7);
  CHECK(EvaluateMessage(*rules, moderate).Names().empty());
}

TEST_CASE("uri rules count each link once, however often the regex matches it") {
  auto rules = MustLoad("uri SHORT /bit\\.ly|tinyurl/\ntflags SHORT multiple\n");
  TestMessage m;
  m.Subject("links").Body("see links");
  m.parsed.links = {{"https://bit.ly/abc?next=bit.ly", "bit.ly", "", false},
                    {"https://tinyurl.com/x", "tinyurl.com", "", false},
                    {"https://example.org/", "example.org", "", false}};
  Evaluated e = EvaluateMessage(*rules, m);
  REQUIRE(e.Find("SHORT") != nullptr);
  CHECK(e.Find("SHORT")->score == 2);
}

TEST_CASE("phrase lists score their rule times the summed weight of distinct phrases, capped") {
  auto rules = MustLoad(
      "phrases PUSH subject body\n"
      "phrasecap PUSH 2\n"
      "phrase PUSH 0.5 act now\n"
      "phrase PUSH 1 last chance\n"
      "phrase PUSH 1 buy now\n");
  TestMessage some;
  some.Subject("Last chance").Body("Act now, act now.");
  CHECK(EvaluateMessage(*rules, some).Find("PUSH")->score == doctest::Approx(1.5));
  TestMessage many;
  many.Subject("Last chance").Body("Act now and buy now.");
  CHECK(EvaluateMessage(*rules, many).Find("PUSH")->score == doctest::Approx(2));
}

TEST_CASE("styled and look-alike letters are read as plain, and the quote says so") {
  auto rules = MustLoad(
      "header BRAND From:name =~ /paypal/i\n"
      "body GIFT /free gift/i\n"
      "header RAW_BRAND From:raw =~ /paypal/i\n");
  TestMessage disguised;
  disguised.Header("From", "P\u0430yPal <billing@shop.example>")  // Cyrillic а
      .Subject("\U0001D405\U0001D411\U0001D404\U0001D404 gift inside")  // bold FREE
      .Body("Open it today.");
  Evaluated e = EvaluateMessage(*rules, disguised);
  CHECK(e.Names() == Strings{"BRAND", "GIFT"});  // the raw field still shows the Cyrillic letter
  CHECK(e.Find("BRAND")->detail == "From: \"PayPal\" (letters read as plain)");
  CHECK(e.Find("GIFT")->detail == "\"FREE gift\" (letters read as plain)");

  TestMessage plain;
  plain.Header("From", "PayPal <service@paypal.example>").Subject("Free gift inside").Body("Open it.");
  Evaluated p = EvaluateMessage(*rules, plain);
  CHECK(p.Names() == Strings{"BRAND", "GIFT", "RAW_BRAND"});
  CHECK(p.Find("BRAND")->detail == "From: \"PayPal\"");
}

}  // namespace
}  // namespace ohm
