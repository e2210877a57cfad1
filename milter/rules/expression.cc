#include "rules/expression.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace ohm {

namespace {

// Deeper nesting than this is certainly a mistake, and bounding it bounds
// the parser's recursion.
constexpr int kMaxNesting = 64;

enum class TokenType { kNumber, kIdentifier, kOperator, kEnd };

struct Token {
  TokenType type = TokenType::kEnd;
  std::string_view text;
  size_t column = 0;  // 1-based
  double number = 0;
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}

// Splits the text into tokens; returns false with *error on a character that
// belongs to no token.
bool Tokenize(std::string_view text, std::vector<Token>* tokens, std::string* error) {
  static const std::string_view kOperators[] = {"||", "&&", "==", "!=", "<=", ">=", "<", ">",
                                                "!",  "+",  "-",  "*",  "/",  "(",  ")"};
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    Token token;
    token.column = i + 1;
    if (IsWordChar(c)) {
      size_t end = i;
      while (end < text.size() && IsWordChar(text[end])) ++end;
      token.text = text.substr(i, end - i);
      const char* first = token.text.data();
      const char* last = first + token.text.size();
      bool numeric = std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.';
      auto [ptr, ec] = std::from_chars(first, last, token.number);
      if (numeric && ec == std::errc() && ptr == last) {
        token.type = TokenType::kNumber;
      } else if (token.text.find('.') != std::string_view::npos) {
        *error = "bad number '" + std::string(token.text) + "' at column " + std::to_string(i + 1);
        return false;
      } else {
        token.type = TokenType::kIdentifier;
      }
      tokens->push_back(token);
      i = end;
      continue;
    }
    bool matched = false;
    for (std::string_view op : kOperators) {
      if (text.substr(i, op.size()) == op) {
        token.type = TokenType::kOperator;
        token.text = text.substr(i, op.size());
        tokens->push_back(token);
        i += op.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      *error = std::string("unexpected character '") + c + "' at column " + std::to_string(i + 1);
      return false;
    }
  }
  Token end;
  end.column = text.size() + 1;
  tokens->push_back(end);
  return true;
}

}  // namespace

// Recursive descent over the token list, one function per precedence level,
// emitting postfix instructions into the Expression.
class ExpressionParser {
 public:
  ExpressionParser(const std::vector<Token>& tokens, const OperandResolver& resolve,
                   Expression* out, std::string* error)
      : tokens_(tokens), resolve_(resolve), out_(out), error_(error) {}

  bool ParseAll() {
    if (!ParseBinary(0, 0)) return false;
    if (Peek().type != TokenType::kEnd) return Fail("unexpected", Peek());
    return true;
  }

 private:
  using Op = Expression::Op;
  struct Level {
    std::string_view ops[4];
    Op codes[4];
  };
  // Loosest first; the level after the last is ParseUnary.
  static constexpr int kLevels = 6;
  static const Level kBinaryLevels[kLevels];

  const Token& Peek() const { return tokens_[pos_]; }

  bool Fail(std::string_view what, const Token& at) {
    if (at.type == TokenType::kEnd) {
      *error_ = "unexpected end of expression";
    } else {
      *error_ = std::string(what) + " '" + std::string(at.text) + "' at column " +
                std::to_string(at.column);
    }
    return false;
  }

  bool ParseBinary(int level, int depth) {
    if (level == kLevels) return ParseUnary(depth);
    if (!ParseBinary(level + 1, depth)) return false;
    for (;;) {
      const Token& t = Peek();
      if (t.type != TokenType::kOperator) return true;
      const Level& l = kBinaryLevels[level];
      int found = -1;
      for (int k = 0; k < 4 && !l.ops[k].empty(); ++k) {
        if (t.text == l.ops[k]) found = k;
      }
      if (found < 0) return true;
      ++pos_;
      if (!ParseBinary(level + 1, depth)) return false;
      out_->program_.push_back({l.codes[found]});
    }
  }

  bool ParseUnary(int depth) {
    if (depth > kMaxNesting) {
      *error_ = "expression nested too deeply";
      return false;
    }
    const Token& t = Peek();
    if (t.type == TokenType::kOperator && (t.text == "!" || t.text == "-")) {
      ++pos_;
      if (!ParseUnary(depth + 1)) return false;
      out_->program_.push_back({t.text == "!" ? Op::kNot : Op::kNegate});
      return true;
    }
    return ParsePrimary(depth);
  }

  bool ParsePrimary(int depth) {
    const Token& t = Peek();
    switch (t.type) {
      case TokenType::kNumber:
        ++pos_;
        out_->program_.push_back({Op::kPushNumber, t.number});
        return true;
      case TokenType::kIdentifier:
        ++pos_;
        return PushIdentifier(t);
      case TokenType::kOperator:
        if (t.text != "(") return Fail("expected an operand, found", t);
        ++pos_;
        if (!ParseBinary(0, depth + 1)) return false;
        if (Peek().type != TokenType::kOperator || Peek().text != ")") {
          if (Peek().type == TokenType::kEnd) {
            *error_ = "missing ')'";
            return false;
          }
          return Fail("expected ')', found", Peek());
        }
        ++pos_;
        return true;
      case TokenType::kEnd:
        return Fail("", t);
    }
    return false;
  }

  bool PushIdentifier(const Token& t) {
    std::string why;
    std::optional<Operand> operand = resolve_(t.text, &why);
    if (!operand) {
      *error_ = why.empty() ? "unknown identifier '" + std::string(t.text) + "'" : why;
      return false;
    }
    size_t slot = 0;
    while (slot < out_->operands_.size() && !(out_->operands_[slot] == *operand)) ++slot;
    if (slot == out_->operands_.size()) {
      out_->operands_.push_back(*operand);
      out_->identifiers_.emplace_back(t.text);
    }
    Expression::Instruction push{Op::kPushOperand};
    push.operand = slot;
    out_->program_.push_back(push);
    return true;
  }

  const std::vector<Token>& tokens_;
  const OperandResolver& resolve_;
  Expression* out_;
  std::string* error_;
  size_t pos_ = 0;
};

const ExpressionParser::Level ExpressionParser::kBinaryLevels[kLevels] = {
    {{"||"}, {Op::kOr}},
    {{"&&"}, {Op::kAnd}},
    {{"==", "!="}, {Op::kEqual, Op::kNotEqual}},
    {{"<", "<=", ">", ">="}, {Op::kLess, Op::kLessEqual, Op::kGreater, Op::kGreaterEqual}},
    {{"+", "-"}, {Op::kAdd, Op::kSub}},
    {{"*", "/"}, {Op::kMul, Op::kDiv}},
};

std::optional<Expression> Expression::Parse(std::string_view text, const OperandResolver& resolve,
                                            std::string* error) {
  std::vector<Token> tokens;
  if (!Tokenize(text, &tokens, error)) return std::nullopt;
  if (tokens.size() == 1) {
    *error = "empty expression";
    return std::nullopt;
  }
  Expression expression;
  ExpressionParser parser(tokens, resolve, &expression, error);
  if (!parser.ParseAll()) return std::nullopt;
  return expression;
}

double Expression::Evaluate(const std::function<double(const Operand&)>& value_of) const {
  // The stack never holds more values than the program has instructions; a
  // meta rule is evaluated for every message, so the usual short program
  // keeps its stack in this frame instead of the heap.
  constexpr size_t kFrameStack = 64;
  double frame_stack[kFrameStack];
  std::vector<double> heap_stack;
  double* stack = frame_stack;
  if (program_.size() > kFrameStack) {
    heap_stack.resize(program_.size());
    stack = heap_stack.data();
  }
  size_t depth = 0;
  auto truth = [](bool b) { return b ? 1.0 : 0.0; };
  for (const Instruction& in : program_) {
    switch (in.op) {
      case Op::kPushNumber:
        stack[depth++] = in.number;
        continue;
      case Op::kPushOperand:
        stack[depth++] = value_of(operands_[in.operand]);
        continue;
      case Op::kNot:
        stack[depth - 1] = truth(stack[depth - 1] == 0);
        continue;
      case Op::kNegate:
        stack[depth - 1] = -stack[depth - 1];
        continue;
      default:
        break;
    }
    double b = stack[--depth];
    double& a = stack[depth - 1];
    switch (in.op) {
      case Op::kMul: a = a * b; break;
      case Op::kDiv: a = b == 0 ? 0 : a / b; break;
      case Op::kAdd: a = a + b; break;
      case Op::kSub: a = a - b; break;
      case Op::kLess: a = truth(a < b); break;
      case Op::kLessEqual: a = truth(a <= b); break;
      case Op::kGreater: a = truth(a > b); break;
      case Op::kGreaterEqual: a = truth(a >= b); break;
      case Op::kEqual: a = truth(a == b); break;
      case Op::kNotEqual: a = truth(a != b); break;
      case Op::kAnd: a = truth(a != 0 && b != 0); break;
      case Op::kOr: a = truth(a != 0 || b != 0); break;
      default: break;
    }
  }
  double result = depth == 0 ? 0 : stack[depth - 1];
  return std::isnan(result) ? 0 : result;  // inf - inf and the like
}

}  // namespace ohm
