// Cross-file checks and overrides, through RuleSet::Load (parse + compile).
#include "rules/rule_compiler.h"

#include <doctest/doctest.h>

#include "rules_test_support.h"

namespace ohm {
namespace {

const RuleInfo* Info(const std::vector<RuleInfo>& list, std::string_view name) {
  for (const RuleInfo& info : list) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

TEST_CASE("bad regex: PCRE2's message and offset") {
  CHECK(LoadErrors("body X /(free/\n") == Strings{"t.cf:1: bad regex: missing closing parenthesis at offset 5"});
  CHECK(LoadErrors("\nheader X Subject =~ /a{2,1}/\n") ==
        Strings{"t.cf:2: bad regex: numbers out of order in {} quantifier at offset 5"});
}

TEST_CASE("meta: unknown rule, bad syntax, cycles") {
  CHECK(LoadErrors("body A /a/\nmeta M A && NOPE\n") ==
        Strings{"t.cf:2: meta M: unknown rule 'NOPE' in meta expression"});
  CHECK(LoadErrors("body A /a/\nmeta M A &&\n") == Strings{"t.cf:2: meta M: unexpected end of expression"});
  CHECK(LoadErrors("meta M1 M2\nmeta M2 !M1\n") ==
        Strings{"t.cf:1: meta 'M1' depends on itself: M1 -> M2 -> M1"});
  CHECK(LoadErrors("meta SELF SELF || 1\n") == Strings{"t.cf:1: meta 'SELF' depends on itself: SELF -> SELF"});
  // A meta may read a rule defined later, even in a later file.
  CHECK(LoadErrors({{"a.cf", "meta M __B\n"}, {"b.cf", "body __B /b/\n"}}) == Strings{});
}

TEST_CASE("metric: features and params only") {
  CHECK(LoadErrors("metric BIG text_chars > 100\n") == Strings{});
  CHECK(LoadErrors("metric BIG txt_chars > 100\n") ==
        Strings{"t.cf:1: metric BIG: unknown feature 'txt_chars' in metric expression"});
  CHECK(LoadErrors("body A /a/\nmetric BIG A > 1\n") ==
        Strings{"t.cf:2: metric BIG: rule 'A' in metric expression (metric rules read features; use a meta)"});
  CHECK(LoadErrors("metric BIG text_chars > LIMIT\nparam LIMIT 100\n") == Strings{});
}

TEST_CASE("a rule's test may be defined once; settings may be repeated") {
  CHECK(LoadErrors({{"a.cf", "body X /a/\n"}, {"b.cf", "\n\nheader X Subject =~ /b/\n"}}) ==
        Strings{"b.cf:3: rule 'X' already defined at a.cf:1"});
  CHECK(LoadErrors("body X /a/\nbody X /a/\n") == Strings{"t.cf:2: rule 'X' already defined at t.cf:1"});
  CHECK(LoadErrors("body X /a/\nscore X 1\nscore X 2\ndescribe X a\ndescribe X b\n") == Strings{});
}

TEST_CASE("settings for undefined rules") {
  CHECK(LoadErrors("score NOPE 1\n") == Strings{"t.cf:1: score for undefined rule 'NOPE'"});
  CHECK(LoadErrors("describe NOPE text\n") == Strings{"t.cf:1: describe for undefined rule 'NOPE'"});
  CHECK(LoadErrors("tflags NOPE multiple\n") == Strings{"t.cf:1: tflags for undefined rule 'NOPE'"});
  CHECK(LoadErrors("phrase NOPE 1 act now\n") == Strings{"t.cf:1: phrase for undefined phrase list 'NOPE'"});
  CHECK(LoadErrors("body X /x/\nphrase X 1 act now\n") ==
        Strings{"t.cf:2: phrase for 'X', which is not a phrases rule"});
  CHECK(LoadErrors("phrasecap NOPE 3\n") == Strings{"t.cf:1: phrasecap for undefined rule 'NOPE'"});
  CHECK(LoadErrors("body X /x/\nphrasecap X 3\n") ==
        Strings{"t.cf:2: phrasecap for 'X', which is not a phrases rule"});
}

TEST_CASE("a rule whose line is faulty is reported once, not again by its settings or metas") {
  CHECK(LoadErrors("body X /x/g\nscore X 2\nmeta M X\nmeta M2 (\nmeta M3 M2 || M\n") ==
        Strings{"t.cf:1: unknown regex flag 'g'", "t.cf:4: meta M2: unexpected end of expression"});
}

TEST_CASE("params must not shadow rules or features") {
  CHECK(LoadErrors("body X /x/\nparam X 1\n") == Strings{"t.cf:2: param 'X' has the same name as a rule"});
  CHECK(LoadErrors("param text_chars 1\n") == Strings{"t.cf:1: param 'text_chars' has the same name as a feature"});
}

TEST_CASE("all errors are collected, in file and line order") {
  Strings errors = LoadErrors({{"a.cf", "score LATER 1\nbody BAD /(/\nnonsense\n"},
                               {"b.cf", "meta M MISSING\n"}});
  CHECK(errors == Strings{"a.cf:1: score for undefined rule 'LATER'",
                          "a.cf:2: bad regex: missing closing parenthesis at offset 1",
                          "a.cf:3: unknown directive 'nonsense'",
                          "b.cf:1: meta M: unknown rule 'MISSING' in meta expression"});
}

TEST_CASE("scores: default 1, sub-rules 0, later score wins") {
  auto rules = MustLoad({{"a.cf",
                          "body PLAIN /a/\n"
                          "body __SUB /b/\n"
                          "body SCORED /c/\nscore SCORED 3\n"
                          "describe SCORED First description\n"},
                         {"local.cf", "score SCORED 0.5\ndescribe SCORED Local description\n"}});
  auto list = rules->List();
  REQUIRE(list.size() == 3);
  CHECK(list[0].name == "PLAIN");  // sorted by name
  CHECK(Info(list, "PLAIN")->score == 1.0);
  CHECK(Info(list, "PLAIN")->kind == "body");
  CHECK(Info(list, "__SUB")->score == 0);
  CHECK(Info(list, "SCORED")->score == 0.5);
  CHECK(Info(list, "SCORED")->description == "Local description");
  CHECK(Info(list, "SCORED")->source == "a.cf:3");
}

TEST_CASE("CompileRules accepts definitions built without text") {
  RuleDefinitions defs;
  TestDefinition test;
  test.name = "DIRECT";
  test.kind = RuleKind::kBody;
  test.pattern = "x";
  test.where = {"mem", 1};
  defs.tests.push_back(test);
  RuleSet::LoadResult result = CompileRules(defs, RuleOptions{});
  REQUIRE(std::holds_alternative<std::shared_ptr<const RuleSet>>(result));
  CHECK(std::get<0>(result)->List().at(0).source == "mem:1");
}

TEST_CASE("ReadsContent: only evaluated rules that read the body count") {
  auto reads = [](const char* text) {
    auto result = RuleSet::Load({{"t.cf", text}}, RuleOptions{});
    REQUIRE(std::holds_alternative<std::shared_ptr<const RuleSet>>(result));
    return std::get<0>(result)->ReadsContent();
  };
  CHECK_FALSE(reads(""));
  CHECK_FALSE(reads("header A Subject =~ /x/\nheader B From:addr =~ /@x/\n"));
  CHECK_FALSE(reads("metric A subject_caps_ratio > 0.5\n"));
  CHECK(reads("metric A body_words < 3\n"));
  CHECK(reads("body A /x/\n"));
  CHECK(reads("uri A /x/\n"));
  CHECK(reads("full A /x/\n"));
  CHECK(reads("rawbody A /x/\n"));
  // A body rule nothing scores or reads is not evaluated, so it does not count;
  // read by a scored meta, it does.
  CHECK_FALSE(reads("body __A /x/\n"));
  CHECK_FALSE(reads("body A /x/\nscore A 0\n"));
  CHECK(reads("body __A /x/\nmeta M __A\n"));
}

TEST_CASE("a meta reading a faulty meta: the fault is reported and no set is built") {
  // "meta B" has no expression: its line is reported and B is faulty. A's
  // score makes it evaluated, and building the set once read B's missing
  // expression (found by the rule_file fuzz replay under valgrind).
  for (const char* text : {"meta A B\nmeta B\n", "meta B\nmeta A B && B\nscore A 2\n", "meta A B\nmeta B (\n"}) {
    CAPTURE(text);
    auto result = RuleSet::Load({{"t.cf", text}}, RuleOptions{});
    REQUIRE(std::holds_alternative<std::vector<RuleLoadError>>(result));
    const auto& errors = std::get<std::vector<RuleLoadError>>(result);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].file == "t.cf");
  }
  // The compiler alone, given a faulty test, builds nothing (its error came from the parser).
  RuleDefinitions defs;
  TestDefinition a;
  a.name = "A";
  a.kind = RuleKind::kMeta;
  a.expression = "B";
  a.where = {"mem", 1};
  TestDefinition b = a;
  b.name = "B";
  b.expression.clear();
  b.faulty = true;
  b.where = {"mem", 2};
  defs.tests = {a, b};
  CHECK(std::holds_alternative<std::vector<RuleLoadError>>(CompileRules(defs, RuleOptions{})));
}

}  // namespace
}  // namespace ohm
