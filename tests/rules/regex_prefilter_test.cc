#include "rules/regex_prefilter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ohm {
namespace {

std::vector<bool> MayMatch(const RegexPrefilter& p, std::string_view text) {
  std::vector<bool> may;
  p.Scan(text, &may);
  return may;
}

TEST_CASE("a covered pattern that cannot match is ruled out; one that can is kept") {
  if (!RegexPrefilter::Available()) {
    MESSAGE("built without Hyperscan: nothing is covered, every rule runs PCRE2");
    RegexPrefilter p(std::vector<PrefilterPattern>{{"buy now", "i"}});
    CHECK_FALSE(p.covers(0));
    CHECK(MayMatch(p, "nothing") == std::vector<bool>{true});
    return;
  }
  RegexPrefilter p(std::vector<PrefilterPattern>{{"buy\\s+now", "i"}, {"(?<![\\w.,])\\d{1,2}\\s?%\\s?off\\b", "i"}, {"^unsubscribe", "m"}});
  REQUIRE(p.covered_count() == 3);
  CHECK(MayMatch(p, "Please BUY   now!") == std::vector<bool>{true, false, false});
  CHECK(MayMatch(p, "today 30 % OFF everything") == std::vector<bool>{false, true, false});
  CHECK(MayMatch(p, "hello\nunsubscribe here") == std::vector<bool>{false, false, true});
  CHECK(MayMatch(p, "nothing of the sort") == std::vector<bool>{false, false, false});
}

TEST_CASE("prefilter mode widens lookarounds: a possible match is reported, never a real one missed") {
  if (!RegexPrefilter::Available()) return;
  RegexPrefilter p(std::vector<PrefilterPattern>{{"(?<!\\w)sale(?!\\w)", "i"}, {"x(?=y)", ""}});
  REQUIRE(p.covered_count() == 2);
  // The real patterns do not match "wholesale" / "xz"; the pass may say they might.
  std::vector<bool> may = MayMatch(p, "a SALE today, xy");
  CHECK(may[0]);
  CHECK(may[1]);
}

TEST_CASE("Unicode case folding is the PCRE2 rules' own: no miss on accented capitals") {
  if (!RegexPrefilter::Available()) return;
  RegexPrefilter p(std::vector<PrefilterPattern>{{"félicitations", "i"}, {"größe", "i"}});
  CHECK(MayMatch(p, "FÉLICITATIONS !") == std::vector<bool>{true, false});
  CHECK(MayMatch(p, "GRÖSSE?") == std::vector<bool>{false, false});  // PCRE2 does not fold ß to SS either
  CHECK(MayMatch(p, "GRÖßE") == std::vector<bool>{false, true});
}

TEST_CASE("what Hyperscan cannot take stays with PCRE2, and does not cost the others their pass") {
  if (!RegexPrefilter::Available()) return;
  RegexPrefilter p(std::vector<PrefilterPattern>{{"a b # extended syntax", "x"}, {"(a)\\1", ""}, {"(?(1)a|b)", ""}, {"plain", ""}});
  CHECK_FALSE(p.covers(0));  // /x has no Hyperscan equivalent
  CHECK(p.covers(3));
  std::vector<bool> may = MayMatch(p, "nothing");
  CHECK(may[0]);  // uncovered: always to be run
  CHECK_FALSE(may[3]);
}

TEST_CASE("a text that is not valid UTF-8 is not scanned: every pattern must run") {
  if (!RegexPrefilter::Available()) return;
  RegexPrefilter p(std::vector<PrefilterPattern>{{"buy now", ""}, {"last chance", ""}});
  std::vector<bool> may;
  CHECK_FALSE(p.Scan("caf\xe9 buy", &may));
  CHECK(may == std::vector<bool>{true, true});
}

}  // namespace
}  // namespace ohm
