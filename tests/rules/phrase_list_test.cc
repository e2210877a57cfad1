#include "rules/phrase_list.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace ohm {
namespace {

std::unique_ptr<PhraseList> MustCompile(const std::vector<Phrase>& phrases) {
  std::string error;
  auto list = PhraseList::Compile(phrases, &error);
  REQUIRE_MESSAGE(list != nullptr, error);
  return list;
}

// Returns the phrases found in `text`, in the order found.
std::vector<std::string> Found(const PhraseList& list, std::string_view text) {
  MatchScratch scratch{RegexLimits{}};
  std::vector<bool> seen;
  std::vector<size_t> found;
  CHECK(list.Scan(text, &scratch, &seen, &found) == MatchStatus::kNoMatch);
  std::vector<std::string> out;
  for (size_t i : found) out.push_back(list.phrase(i).text);
  return out;
}

using Strings = std::vector<std::string>;

TEST_CASE("multi-word phrases match across any run of white space") {
  auto list = MustCompile({{"act now", 1}, {"limited  time\toffer", 2}});
  CHECK(Found(*list, "Please act now!") == Strings{"act now"});
  CHECK(Found(*list, "act\r\n   now") == Strings{"act now"});
  CHECK(Found(*list, "a LIMITED TIME\nOFFER today") == Strings{"limited time offer"});
  CHECK(Found(*list, "actnow") == Strings{});
}

TEST_CASE("case-insensitive, Unicode-aware") {
  auto list = MustCompile({{"gratuit", 1}, {"Größe", 1}, {"ÉNORME", 1}});
  CHECK(Found(*list, "C'est GRATUIT") == Strings{"gratuit"});
  CHECK(Found(*list, "die GRÖßE zählt") == Strings{"Größe"});
  CHECK(Found(*list, "une offre énorme") == Strings{"ÉNORME"});
  // Simple case folding only: the two-letter "SS" spelling is not the same word.
  CHECK(Found(*list, "GRÖSSE") == Strings{});
}

TEST_CASE("whole words only, with Unicode word characters") {
  auto list = MustCompile({{"winner", 1}, {"gratuit", 1}});
  CHECK(Found(*list, "you are a winner!") == Strings{"winner"});
  CHECK(Found(*list, "all winners") == Strings{});
  CHECK(Found(*list, "bewinner") == Strings{});
  CHECK(Found(*list, "gratuité") == Strings{});  // é is a letter, so no boundary
  CHECK(Found(*list, "(winner)") == Strings{"winner"});
  CHECK(Found(*list, "winner_x") == Strings{});  // '_' is a word character
}

TEST_CASE("punctuation in phrases is literal") {
  auto list = MustCompile({{"100% free", 1}, {"u.s.a", 1}, {"$$$", 1}, {"a+b", 1}});
  CHECK(Found(*list, "now 100% FREE") == Strings{"100% free"});
  CHECK(Found(*list, "uxsxa") == Strings{});
  CHECK(Found(*list, "made in u.s.a today") == Strings{"u.s.a"});
  CHECK(Found(*list, "earn $$$ fast") == Strings{"$$$"});
  CHECK(Found(*list, "aab") == Strings{});
  CHECK(Found(*list, "a+b") == Strings{"a+b"});
}

TEST_CASE("the longest phrase at a position wins; each phrase counts once") {
  auto list = MustCompile({{"free", 1}, {"free money", 3}, {"money", 2}});
  CHECK(Found(*list, "free money") == Strings{"free money"});
  CHECK(Found(*list, "free money, and it is free, free, free") == Strings{"free money", "free"});
  CHECK(Found(*list, "freedom money") == Strings{"money"});
}

TEST_CASE("phrases already seen in an earlier scan are not reported again") {
  auto list = MustCompile({{"urgent", 1}, {"wire transfer", 1}});
  MatchScratch scratch{RegexLimits{}};
  std::vector<bool> seen;
  std::vector<size_t> found;
  CHECK(list->Scan("URGENT request", &scratch, &seen, &found) == MatchStatus::kNoMatch);
  CHECK(list->Scan("urgent: wire transfer", &scratch, &seen, &found) == MatchStatus::kNoMatch);
  REQUIRE(found.size() == 2);
  CHECK(list->phrase(found[0]).text == "urgent");
  CHECK(list->phrase(found[1]).text == "wire transfer");
}

TEST_CASE("a later declaration overrides the weight; weight 0 removes the phrase") {
  auto list = MustCompile({{"act now", 1}, {"click here", 2}, {"Act  Now", 4}, {"click here", 0}});
  REQUIRE(list->size() == 1);
  CHECK(list->phrase(0).text == "act now");
  CHECK(list->phrase(0).weight == 4);
  CHECK(Found(*list, "click here") == Strings{});
}

TEST_CASE("an empty list finds nothing") {
  auto list = MustCompile({});
  CHECK(list->size() == 0);
  CHECK(Found(*list, "anything at all") == Strings{});
  auto blank = MustCompile({{"   ", 1}});
  CHECK(blank->size() == 0);
}

TEST_CASE("a long list is split under PCRE2's size limit and still finds every phrase") {
  std::vector<Phrase> phrases;
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    std::string word = "word" + std::to_string(i * 7919 % 100000) + " extra" + std::to_string(i);
    phrases.push_back({word, 1});
    if (i % 500 == 0) text += word + ". ";
  }
  auto list = MustCompile(phrases);
  CHECK(list->size() == 4000);
  CHECK(Found(*list, text).size() == 8);
}

TEST_CASE("scanning is one pass: a big list over a big text stays fast") {
  std::vector<Phrase> phrases;
  for (int i = 0; i < 1000; ++i) phrases.push_back({"spam" + std::to_string(i) + " offer", 1});
  auto list = MustCompile(phrases);
  std::string text;
  while (text.size() < 1000000) text += "some ordinary text about spam and offers and spamming ";
  text += "SPAM999 OFFER";
  auto start = std::chrono::steady_clock::now();
  CHECK(Found(*list, text) == Strings{"spam999 offer"});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("NormalizePhrase and IsValidUtf8") {
  CHECK(NormalizePhrase("  act \t\n now  ") == "act now");
  CHECK(NormalizePhrase(" \t ") == "");
  CHECK(IsValidUtf8("Größe €😀"));
  CHECK_FALSE(IsValidUtf8("\xff"));
  CHECK_FALSE(IsValidUtf8("\xc3"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
}

}  // namespace
}  // namespace ohm
