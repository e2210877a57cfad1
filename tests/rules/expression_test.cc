#include "rules/expression.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace ohm {
namespace {

// Identifiers A..Z resolve to operand kind 0, index = letter; "p_limit" to kind 1.
std::optional<Operand> Resolve(std::string_view name, std::string* why) {
  if (name.size() == 1 && name[0] >= 'A' && name[0] <= 'Z') return Operand{0, size_t(name[0] - 'A')};
  if (name == "p_limit") return Operand{1, 0};
  if (name == "3D_TEXT") return Operand{0, 25};
  if (name == "REFUSED") {
    *why = "REFUSED is not allowed here";
    return std::nullopt;
  }
  return std::nullopt;
}

double Eval(const std::string& text, std::map<char, double> values = {}, double limit = 0) {
  std::string error;
  auto e = Expression::Parse(text, Resolve, &error);
  REQUIRE_MESSAGE(e.has_value(), text << ": " << error);
  return e->Evaluate([&](const Operand& op) {
    if (op.kind == 1) return limit;
    return values[char('A' + op.index)];
  });
}

std::string ParseError(const std::string& text) {
  std::string error;
  auto e = Expression::Parse(text, Resolve, &error);
  CHECK_FALSE(e.has_value());
  return error;
}

TEST_CASE("arithmetic follows Perl precedence") {
  CHECK(Eval("1 + 2 * 3") == 7);
  CHECK(Eval("(1 + 2) * 3") == 9);
  CHECK(Eval("10 - 4 - 3") == 3);  // left-associative
  CHECK(Eval("12 / 4 / 3") == 1);
  CHECK(Eval("-2 * 3") == -6);
  CHECK(Eval("- -2") == 2);
  CHECK(Eval("0.5 + .25") == 0.75);
}

TEST_CASE("comparisons and logic yield 1 or 0") {
  CHECK(Eval("3 > 2") == 1);
  CHECK(Eval("3 < 2") == 0);
  CHECK(Eval("2 >= 2") == 1);
  CHECK(Eval("2 <= 1") == 0);
  CHECK(Eval("2 == 2") == 1);
  CHECK(Eval("2 != 2") == 0);
  CHECK(Eval("5 && 7") == 1);
  CHECK(Eval("0 || 0") == 0);
  CHECK(Eval("!0") == 1);
  CHECK(Eval("!3") == 0);
  // && binds tighter than ||, comparison tighter than &&.
  CHECK(Eval("1 || 0 && 0") == 1);
  CHECK(Eval("1 + 1 > 1 && 2 == 2") == 1);
  CHECK(Eval("!1 + 1") == 1);  // unary ! binds tightest: (!1) + 1
}

TEST_CASE("SpamAssassin-style counting meta") {
  std::string meta = "(A + B + C) >= 2";
  CHECK(Eval(meta, {{'A', 1}, {'B', 0}, {'C', 1}}) == 1);
  CHECK(Eval(meta, {{'A', 1}, {'B', 0}, {'C', 0}}) == 0);
  CHECK(Eval("A && !B", {{'A', 1}, {'B', 0}}) == 1);
  CHECK(Eval("A && !B", {{'A', 1}, {'B', 1}}) == 0);
}

TEST_CASE("identifiers read values through the callback, params included") {
  CHECK(Eval("A > p_limit", {{'A', 25}}, 20) == 1);
  CHECK(Eval("A > p_limit", {{'A', 15}}, 20) == 0);
  CHECK(Eval("3D_TEXT * 2", {{'Z', 4}}) == 8);  // names may start with a digit
}

TEST_CASE("operands are listed once each, in order of first use") {
  std::string error;
  auto e = Expression::Parse("B + A + B + p_limit", Resolve, &error);
  REQUIRE(e.has_value());
  REQUIRE(e->operands().size() == 3);
  CHECK(e->operands()[0] == Operand{0, 1});
  CHECK(e->operands()[1] == Operand{0, 0});
  CHECK(e->operands()[2] == Operand{1, 0});
  CHECK(e->identifiers() == std::vector<std::string>{"B", "A", "p_limit"});
}

TEST_CASE("a long expression evaluates like a short one") {
  // 100 operands: a program longer than the stack Evaluate keeps in its frame.
  std::string sum = "A";
  for (int i = 1; i < 100; ++i) sum += " + A";
  CHECK(Eval(sum, {{'A', 1}}) == 100);
  CHECK(Eval("(" + sum + ") >= 100 && B", {{'A', 1}, {'B', 2}}) == 1);
  // Deep before shallow: every operand pushed before the first operator.
  std::string nested = "A";
  for (int i = 1; i < 40; ++i) nested = "A + (" + nested + ")";
  CHECK(Eval(nested, {{'A', 2}}) == 80);
}

TEST_CASE("division by zero gives 0, not inf or NaN") {
  CHECK(Eval("5 / 0") == 0);
  CHECK(Eval("A / B", {{'A', 1}, {'B', 0}}) == 0);
}

TEST_CASE("syntax errors are reported with their position") {
  CHECK(ParseError("") == "empty expression");
  CHECK(ParseError("   ") == "empty expression");
  CHECK(ParseError("A +") == "unexpected end of expression");
  CHECK(ParseError("(A + B") == "missing ')'");
  CHECK(ParseError("A + B)") == "unexpected ')' at column 6");
  CHECK(ParseError("A B") == "unexpected 'B' at column 3");
  CHECK(ParseError("A = B") == "unexpected character '=' at column 3");
  CHECK(ParseError("A & B") == "unexpected character '&' at column 3");
  CHECK(ParseError("* A") == "expected an operand, found '*' at column 1");
  CHECK(ParseError("1.2.3 > A") == "bad number '1.2.3' at column 1");
  CHECK(ParseError("A > $x") == "unexpected character '$' at column 5");
}

TEST_CASE("unknown identifiers are refused, with the resolver's reason when given") {
  CHECK(ParseError("A && NOPE") == "unknown identifier 'NOPE'");
  CHECK(ParseError("REFUSED") == "REFUSED is not allowed here");
}

TEST_CASE("nesting is bounded") {
  std::string deep(100, '(');
  deep += "1";
  deep += std::string(100, ')');
  CHECK(ParseError(deep) == "expression nested too deeply");
  std::string nots(100, '!');
  CHECK(ParseError(nots + "1") == "expression nested too deeply");
  std::string ok(30, '(');
  CHECK(Eval(ok + "1" + std::string(30, ')')) == 1);
}

}  // namespace
}  // namespace ohm
