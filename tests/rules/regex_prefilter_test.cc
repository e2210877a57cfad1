#include "rules/regex_prefilter.h"

#include "rules/prefilter_cache.h"

#include <doctest/doctest.h>

#include <dirent.h>
#include <unistd.h>

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

TEST_CASE("starts: a bounded pattern's first match cannot begin before its first reported end less its width") {
  if (!RegexPrefilter::Available()) return;
  RegexPrefilter p(std::vector<PrefilterPattern>{
      {"\\b(?:unsubscribe|opt[- ]out)", "i"},  // bounded: at most 11 bytes
      {"buy\\s+now", "i"},                    // unbounded: \s+ has no end
      {"caf\u00e9s?", "i"}});                   // bounded, with a two-byte letter
  REQUIRE(p.covered_count() == 3);
  std::string text = std::string(500, 'x') + " Buy  now. To opt-out or Unsubscribe: reply. Caf\u00e9 \u00e9t\u00e9";
  std::vector<bool> may;
  std::vector<size_t> starts;
  REQUIRE(p.Scan(text, &may, &starts));
  CHECK(may == std::vector<bool>{true, true, true});
  size_t opt_out = text.find("opt-out");
  CHECK(starts[0] > 400);
  CHECK(starts[0] <= opt_out);  // never past the real first match
  CHECK(starts[1] == 0);        // no bound on the length: from the start
  size_t cafe = text.find("Caf\u00e9");
  CHECK(starts[2] > 400);
  CHECK(starts[2] <= cafe);
  for (size_t s : starts) CHECK((static_cast<unsigned char>(text[s]) & 0xC0) != 0x80);  // a character boundary
  // A pattern ruled out, or a text the pass cannot scan: start 0.
  REQUIRE(p.Scan("nothing here", &may, &starts));
  CHECK(starts == std::vector<size_t>{0, 0, 0});
  CHECK_FALSE(p.Scan("bad \xff byte unsubscribe", &may, &starts));
  CHECK(starts == std::vector<size_t>{0, 0, 0});
}

TEST_CASE("a pass compiled once is loaded from the cache and scans as the compiled one did") {
  if (!RegexPrefilter::Available()) return;
  char name[] = "/tmp/ohm-regex-prefilter-cache-XXXXXX";
  REQUIRE(mkdtemp(name) != nullptr);
  const std::string dir = name;
  std::vector<PrefilterPattern> patterns{
      {"\\b(?:unsubscribe|opt[- ]out)", "i"}, {"a b # extended syntax", "x"}, {"buy\\s+now", "i"}, {"caf\u00e9s?", "i"}};
  std::string text = std::string(300, 'x') + " buy now, opt-out, caf\u00e9";
  std::vector<bool> compiled_may, loaded_may;
  std::vector<size_t> compiled_starts, loaded_starts;

  PrefilterCache first(dir);
  RegexPrefilter compiled(patterns, &first);
  CHECK(first.counts().missed == 1);
  CHECK(first.counts().stored == 1);
  REQUIRE(compiled.Scan(text, &compiled_may, &compiled_starts));

  PrefilterCache second(dir);
  RegexPrefilter loaded(patterns, &second);
  CHECK(second.counts().loaded == 1);
  CHECK(second.counts().stored == 0);
  CHECK(loaded.covered_count() == 3);
  CHECK_FALSE(loaded.covers(1));  // what Hyperscan refused stays refused
  REQUIRE(loaded.Scan(text, &loaded_may, &loaded_starts));
  CHECK(loaded_may == compiled_may);
  CHECK(loaded_starts == compiled_starts);
  CHECK(loaded_starts[0] > 200);  // the bounded widths came along
  CHECK(MayMatch(loaded, "nothing") == std::vector<bool>{false, true, false, false});

  // Another pattern list, or the same patterns under other flags, is another entry.
  PrefilterCache third(dir);
  patterns[2].flags = "";
  RegexPrefilter changed(patterns, &third);
  CHECK(third.counts().loaded == 0);
  CHECK(third.counts().stored == 1);
  CHECK(MayMatch(changed, "BUY NOW") == std::vector<bool>{false, true, false, false});

  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (struct dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') unlink((dir + "/" + e->d_name).c_str());
  }
  closedir(d);
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace ohm
