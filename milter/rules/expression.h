// The arithmetic/boolean expressions of `meta` and `metric` rules, e.g.
// "(__A + __B + __C) >= 2" or "text_chars >= 200 && caps_ratio > 0.3".
// Identifiers are resolved once, when the expression is parsed, by a callback
// that knows what names mean (rules, features, parameters); evaluation then
// only looks values up by the resolved operand.
#ifndef OHM_RULES_EXPRESSION_H_
#define OHM_RULES_EXPRESSION_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ohm {

// What an identifier resolved to; `kind` and `index` mean whatever the
// resolver chose (e.g. kind 0 = rule, 1 = parameter).
struct Operand {
  int kind = 0;
  size_t index = 0;
  bool operator==(const Operand& other) const { return kind == other.kind && index == other.index; }
};

// Resolves an identifier; returns nullopt for an unknown name, optionally
// setting *why to the message to report (else "unknown identifier 'NAME'").
using OperandResolver = std::function<std::optional<Operand>(std::string_view name, std::string* why)>;

class Expression {
 public:
  // Parses `text`. Grammar, loosest binding first (as in Perl, so SpamAssassin
  // metas read the same): || ; && ; == != ; < <= > >= ; + - ; * / ; unary ! -.
  // Operands are numbers ("2", "0.35", ".5"), identifiers ([A-Za-z0-9_]+ that
  // is not a number) and parenthesised expressions. Returns nullopt with
  // *error set on a syntax error or an identifier the resolver refuses.
  static std::optional<Expression> Parse(std::string_view text, const OperandResolver& resolve,
                                         std::string* error);

  // Computes the value. Comparisons and && || ! give 1 or 0; any non-zero value
  // is true; division by zero gives 0 (a rule file must not be able to crash
  // or poison a verdict with inf/NaN).
  double Evaluate(const std::function<double(const Operand&)>& value_of) const;

  // Every operand the expression reads, each once, in order of first use.
  const std::vector<Operand>& operands() const { return operands_; }
  // The identifiers as written, parallel to operands().
  const std::vector<std::string>& identifiers() const { return identifiers_; }

 private:
  enum class Op { kPushNumber, kPushOperand, kNot, kNegate, kMul, kDiv, kAdd, kSub,
                  kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual, kAnd, kOr };
  struct Instruction {
    Op op;
    double number = 0;   // kPushNumber
    size_t operand = 0;  // kPushOperand: index into operands_
  };
  friend class ExpressionParser;

  std::vector<Instruction> program_;  // postfix order
  std::vector<Operand> operands_;
  std::vector<std::string> identifiers_;
};

}  // namespace ohm

#endif  // OHM_RULES_EXPRESSION_H_
