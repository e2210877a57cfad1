#include "parse/html_entities.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

TEST_CASE("FindHtmlEntity finds the standard's names, case-sensitively") {
  const HtmlEntity* eacute = FindHtmlEntity("eacute");
  REQUIRE(eacute != nullptr);
  CHECK(eacute->first == 0xE9);
  CHECK(eacute->second == 0);
  CHECK(eacute->legacy);
  REQUIRE(FindHtmlEntity("Eacute") != nullptr);
  CHECK(FindHtmlEntity("Eacute")->first == 0xC9);
  // Newer than HTML 4, and not readable without ';'.
  const HtmlEntity* vopf = FindHtmlEntity("Vopf");
  REQUIRE(vopf != nullptr);
  CHECK(vopf->first == 0x1D54D);
  CHECK_FALSE(vopf->legacy);
  CHECK(FindHtmlEntity("AMP") != nullptr);
  CHECK(FindHtmlEntity("aMp") == nullptr);
  CHECK(FindHtmlEntity("") == nullptr);
  CHECK(FindHtmlEntity("bogus") == nullptr);
  CHECK(FindHtmlEntity("eacute;") == nullptr);
  // The first and last names of the table.
  CHECK(FindHtmlEntity("AElig") != nullptr);
  CHECK(FindHtmlEntity("zwnj") != nullptr);
  CHECK(FindHtmlEntity("zwnj")->first == 0x200C);
}

TEST_CASE("the legacy names are HTML 4's Latin-1 ones and & < > \"") {
  CHECK(FindHtmlEntity("nbsp")->legacy);
  CHECK(FindHtmlEntity("yuml")->legacy);
  CHECK(FindHtmlEntity("amp")->legacy);
  CHECK_FALSE(FindHtmlEntity("hellip")->legacy);
  CHECK_FALSE(FindHtmlEntity("euro")->legacy);
  CHECK_FALSE(FindHtmlEntity("apos")->legacy);
}

}  // namespace
}  // namespace ohm
