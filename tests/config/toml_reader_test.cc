#include "config/toml_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ohm {
namespace {

TEST_CASE("typed reads report file, line and what the key must be") {
  toml::table t = toml::parse(std::string_view("a = 1\nb = \"x\"\nc = [\"p\", 2]\nd = 7.5\ne = true\nf = 99\n"), std::string_view("t.toml"));
  std::vector<std::string> errors;
  TomlReader r("t.toml", TomlReader::LinesInto("t.toml", &errors));
  bool flag = false;
  std::string text;
  std::vector<std::string> list;
  double number = 0;
  int integer = 0;
  CHECK_FALSE(r.Bool(*t.get("a"), "s.a", &flag));
  CHECK(r.String(*t.get("b"), "s.b", &text));
  CHECK(text == "x");
  CHECK_FALSE(r.Strings(*t.get("c"), "s.c", &list));
  CHECK_FALSE(r.Number(*t.get("d"), "s.d", 0, 5, &number));
  CHECK(r.Bool(*t.get("e"), "s.e", &flag));
  CHECK(flag);
  CHECK_FALSE(r.Integer(*t.get("f"), "s.f", 1, 10, &integer));
  CHECK(r.Integer(*t.get("a"), "s.a", 1, 10, &integer));
  CHECK(integer == 1);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "t.toml:1: s.a must be true or false");
  CHECK(errors[1] == "t.toml:3: s.c[] must be a string");
  CHECK(errors[2] == "t.toml:4: s.d must be between 0 and 5");
  CHECK(errors[3] == "t.toml:6: s.f must be between 1 and 10");
  CHECK(r.Where(*t.get("e")) == "t.toml:5");
}

TEST_CASE("a number is refused when it is nan or an integer a double cannot hold") {
  toml::table t = toml::parse(std::string_view("big = 9007199254740993\nnan = nan\ninf = inf\nok = 7\n"),
                              std::string_view("t.toml"));
  std::vector<std::string> errors;
  TomlReader r("t.toml", TomlReader::LinesInto("t.toml", &errors));
  double number = -1;
  CHECK_FALSE(r.Number(*t.get("big"), "s.big", 0, 1e18, &number));
  CHECK_FALSE(r.Number(*t.get("nan"), "s.nan", 0, 1e6, &number));
  CHECK_FALSE(r.Number(*t.get("inf"), "s.inf", 0, 1e6, &number));
  CHECK(number == -1);
  CHECK(r.Number(*t.get("ok"), "s.ok", 0, 1e6, &number));
  CHECK(number == 7);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "t.toml:1: s.big must be between 0 and 1e+18");
  CHECK(errors[1] == "t.toml:2: s.nan must be between 0 and 1e+06");
}

TEST_CASE("ReadTable hands each key to its handler with its full name; unknown keys are errors") {
  toml::table t = toml::parse(std::string_view("known = 1\ntypo = 2\n"), std::string_view("t.toml"));
  std::vector<std::string> errors;
  TomlReader r("t.toml", TomlReader::LinesInto("t.toml", &errors));
  std::vector<std::string> seen;
  r.ReadTable(t, "sect", {{"known", [&](const toml::node&, const std::string& key) { seen.push_back(key); }}});
  CHECK(seen == std::vector<std::string>{"sect.known"});
  CHECK(errors == std::vector<std::string>{"t.toml:2: unknown key 'sect.typo'"});
}

}  // namespace
}  // namespace ohm
