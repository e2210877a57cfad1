// Phrase lists merged into one scan must find what each list finds on its own.
#include "rules/phrase_group.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

std::unique_ptr<PhraseList> List(std::vector<Phrase> phrases) {
  std::string error;
  auto list = PhraseList::Compile(phrases, &error);
  REQUIRE_MESSAGE(list != nullptr, error);
  return list;
}

std::vector<size_t> Alone(const PhraseList& list, std::string_view subject, std::string_view body) {
  MatchScratch scratch(RegexLimits{100000, 1000});
  std::vector<bool> seen;
  std::vector<size_t> found;
  REQUIRE(list.Scan(subject, &scratch, &seen, &found) == MatchStatus::kNoMatch);
  REQUIRE(list.Scan(body, &scratch, &seen, &found) == MatchStatus::kNoMatch);
  return found;
}

TEST_CASE("a merged scan credits each list with the same phrases, in the same order, as scanning it alone") {
  auto en = List({{"buy now", 2}, {"free", 1}, {"click here", 1}, {"GRATIS", 1}});
  auto es = List({{"gratis", 1}, {"compre ahora", 2}, {"haga clic aquí", 1}});
  auto de = List({{"jetzt kaufen", 2}, {"gratis", 0.5}, {"kostenlos", 1}});
  std::string error;
  auto group = PhraseGroup::Build({en.get(), es.get(), de.get()}, &error);
  REQUIRE_MESSAGE(group != nullptr, error);
  std::string subject = "Free offer: buy NOW";
  std::string body = "Gratis und kostenlos!\nHaga clic AQUÍ, click\there, compre ahora. Free again. freedom";
  MatchScratch scratch(RegexLimits{100000, 1000});
  std::vector<std::vector<size_t>> found;
  REQUIRE(group->Scan(subject, body, true, true, &scratch, &found) == MatchStatus::kNoMatch);
  REQUIRE(found.size() == 3);
  CHECK(found[0] == Alone(*en, subject, body));
  CHECK(found[1] == Alone(*es, subject, body));
  CHECK(found[2] == Alone(*de, subject, body));
  CHECK(found[0].size() == 4);  // buy now, free, gratis (its own "GRATIS"), click here
  CHECK(found[1].size() == 3);
  CHECK(found[2].size() == 2);
}

TEST_CASE("a merged scan reads only the texts asked for") {
  auto a = List({{"alpha", 1}});
  auto b = List({{"beta", 1}});
  std::string error;
  auto group = PhraseGroup::Build({a.get(), b.get()}, &error);
  REQUIRE(group != nullptr);
  MatchScratch scratch(RegexLimits{100000, 1000});
  std::vector<std::vector<size_t>> found;
  REQUIRE(group->Scan("alpha", "beta", false, true, &scratch, &found) == MatchStatus::kNoMatch);
  CHECK(found[0].empty());
  CHECK(found[1].size() == 1);
}

}  // namespace
}  // namespace ohm
