#include "rules/regex.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace ohm {
namespace {

std::unique_ptr<Regex> MustCompile(std::string_view pattern, std::string_view flags = "") {
  std::string error;
  auto re = Regex::Compile(pattern, flags, &error);
  REQUIRE_MESSAGE(re != nullptr, pattern << ": " << error);
  return re;
}

TEST_CASE("compiles with JIT and finds the match span") {
  auto re = MustCompile("b+");
  CHECK(re->jit());
  MatchScratch scratch{RegexLimits{}};
  REQUIRE(re->Match("aabbbc", 0, &scratch) == MatchStatus::kMatch);
  CHECK(scratch.match_begin() == 2);
  CHECK(scratch.match_end() == 5);
  CHECK(re->Match("aabbbc", 5, &scratch) == MatchStatus::kNoMatch);
  CHECK(re->Match("aabbbc", 99, &scratch) == MatchStatus::kNoMatch);
}

TEST_CASE("Perl flags i m s x") {
  MatchScratch scratch{RegexLimits{}};
  CHECK(MustCompile("free")->Match("FREE", 0, &scratch) == MatchStatus::kNoMatch);
  CHECK(MustCompile("free", "i")->Match("FREE", 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("^b$")->Match("a\nb\nc", 0, &scratch) == MatchStatus::kNoMatch);
  CHECK(MustCompile("^b$", "m")->Match("a\nb\nc", 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("a.b")->Match("a\nb", 0, &scratch) == MatchStatus::kNoMatch);
  CHECK(MustCompile("a.b", "s")->Match("a\nb", 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("a b # comment", "x")->Match("ab", 0, &scratch) == MatchStatus::kMatch);
}

TEST_CASE("Unicode: caseless non-ASCII letters and \\w over letters") {
  MatchScratch scratch{RegexLimits{}};
  CHECK(MustCompile("größe", "i")->Match("GRÖßE", 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("^\\w+$")->Match("Größe", 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("^.{5}$")->Match("Größe", 0, &scratch) == MatchStatus::kMatch);  // characters, not bytes
}

TEST_CASE("invalid UTF-8 in the subject is matched around, not an error") {
  MatchScratch scratch{RegexLimits{}};
  auto re = MustCompile("viagra", "i");
  std::string subject = "\xff\xfe buy VIAGRA \xc3";
  CHECK(re->Match(subject, 0, &scratch) == MatchStatus::kMatch);
  CHECK(MustCompile("nothing")->Match(subject, 0, &scratch) == MatchStatus::kNoMatch);
}

TEST_CASE("bad patterns and flags are refused with PCRE2's message and offset") {
  std::string error;
  CHECK(Regex::Compile("(abc", "", &error) == nullptr);
  CHECK(error == "missing closing parenthesis at offset 4");
  CHECK(Regex::Compile("a{2,1}", "", &error) == nullptr);
  CHECK(error == "numbers out of order in {} quantifier at offset 5");
  CHECK(Regex::Compile("abc", "g", &error) == nullptr);
  CHECK(error == "unknown regex flag 'g'");
}

TEST_CASE("a catastrophically backtracking pattern hits the match limit quickly") {
  auto re = MustCompile("(a+)+$");
  std::string subject(40, 'a');
  subject += "b";
  MatchScratch scratch{RegexLimits{100000, 10000}};
  auto start = std::chrono::steady_clock::now();
  CHECK(re->Match(subject, 0, &scratch) == MatchStatus::kLimit);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
  // The same pattern on a subject it matches is fine.
  CHECK(re->Match("aaaa", 0, &scratch) == MatchStatus::kMatch);
}

TEST_CASE("marks name the alternative that matched") {
  auto re = MustCompile("(?:cat(*:feline)|dog(*:canine))");
  MatchScratch scratch{RegexLimits{}};
  REQUIRE(re->Match("hotdog", 0, &scratch) == MatchStatus::kMatch);
  CHECK(scratch.mark() == "canine");
  REQUIRE(re->Match("a cat", 0, &scratch) == MatchStatus::kMatch);
  CHECK(scratch.mark() == "feline");
}

TEST_CASE("NextCharOffset steps over whole UTF-8 characters") {
  std::string s = "aé€😀\xff";
  CHECK(NextCharOffset(s, 0) == 1);
  CHECK(NextCharOffset(s, 1) == 3);
  CHECK(NextCharOffset(s, 3) == 6);
  CHECK(NextCharOffset(s, 6) == 10);
  CHECK(NextCharOffset(s, 10) == 11);  // invalid byte: one step
  CHECK(NextCharOffset("\xc3", 0) == 1);  // truncated sequence
}

}  // namespace
}  // namespace ohm
