#include "rules/rule_parser.h"

#include <charconv>
#include <cmath>

#include "core/ascii.h"
#include "rules/phrase_list.h"

namespace ohm {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Removes the word at the start of *rest (after blanks) and returns it.
std::string_view NextWord(std::string_view* rest) {
  std::string_view s = TrimWhiteSpace(*rest);
  size_t end = 0;
  while (end < s.size() && !IsBlank(s[end])) ++end;
  *rest = s.substr(end);
  return s.substr(0, end);
}

// A '#' starts a comment at the start of the text or after a blank; a '#'
// glued to a word ("color:#fff", "\#") is text.
std::string_view StripComment(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#' && (i == 0 || IsBlank(s[i - 1]))) return TrimWhiteSpace(s.substr(0, i));
  }
  return TrimWhiteSpace(s);
}

bool ParseNumber(std::string_view text, double* value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return !text.empty() && ec == std::errc() && ptr == end && std::isfinite(*value);
}

// RFC 5322 field name: printable ASCII except ':'.
bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= ' ' || c > '~' || c == ':') return false;
  }
  return true;
}

char ClosingDelimiter(char open) {
  switch (open) {
    case '{': return '}';
    case '(': return ')';
    case '[': return ']';
    case '<': return '>';
    default: return open;
  }
}

// Parses "/re/flags", "m{re}flags" or "m!re!flags" at the start of *text
// into def->pattern and def->flags; *text is left at what follows the flags.
// A backslash escapes the next character (kept in the pattern, since PCRE2
// reads "\/" as "/"); bracket delimiters nest, as in Perl.
bool ParseRegexLiteral(std::string_view* text, TestDefinition* def, std::string* error) {
  std::string_view s = TrimWhiteSpace(*text);
  if (s.empty()) {
    *error = "missing regex";
    return false;
  }
  size_t i = 0;
  char open;
  if (s[0] == '/') {
    open = '/';
    i = 1;
  } else if (s[0] == 'm' && s.size() > 1 && !std::isalnum(static_cast<unsigned char>(s[1])) &&
             !IsBlank(s[1]) && s[1] != '\\') {
    open = s[1];
    i = 2;
  } else {
    *error = "expected a regex like /.../ or m{...}";
    return false;
  }
  char close = ClosingDelimiter(open);
  int depth = 0;
  size_t start = i;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (close != open && c == open) {
      ++depth;
    } else if (c == close) {
      if (depth == 0) break;
      --depth;
    }
  }
  if (i >= s.size()) {
    *error = "unterminated regex";
    return false;
  }
  def->pattern = std::string(s.substr(start, i - start));
  ++i;
  size_t flags_start = i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
    if (std::string_view("imsx").find(s[i]) == std::string_view::npos) {
      *error = std::string("unknown regex flag '") + s[i] + "'";
      return false;
    }
    ++i;
  }
  def->flags = std::string(s.substr(flags_start, i - flags_start));
  *text = s.substr(i);
  return true;
}

// Parses one line at a time, reporting errors under the source's name.
class LineParser {
 public:
  LineParser(const RuleSource& source, RuleDefinitions* defs, std::vector<RuleLoadError>* errors)
      : source_(source), defs_(defs), errors_(errors) {}

  void Parse(std::string_view line, int number) {
    line_ = number;
    std::string_view rest = line;
    std::string_view directive = NextWord(&rest);
    if (directive.empty() || directive[0] == '#') return;
    std::string lower = AsciiLowered(directive);
    if (lower == "header") return ParseTest(RuleKind::kHeader, rest);
    if (lower == "body") return ParseTest(RuleKind::kBody, rest);
    if (lower == "rawbody") return ParseTest(RuleKind::kRawBody, rest);
    if (lower == "uri") return ParseTest(RuleKind::kUri, rest);
    if (lower == "full") return ParseTest(RuleKind::kFull, rest);
    if (lower == "meta") return ParseTest(RuleKind::kMeta, rest);
    if (lower == "metric") return ParseTest(RuleKind::kMetric, rest);
    if (lower == "phrases") return ParseTest(RuleKind::kPhrases, rest);
    if (lower == "score") return ParseScore(rest);
    if (lower == "describe") return ParseDescribe(rest);
    if (lower == "tflags") return ParseTflags(rest);
    if (lower == "param") return ParseNamedNumber(rest, &defs_->params);
    if (lower == "phrase") return ParsePhrase(rest);
    if (lower == "phrasecap") return ParsePhraseCap(rest);
    Error("unknown directive '" + std::string(directive) + "'");
  }

 private:
  void Error(std::string message) {
    errors_->push_back({source_.name, line_, std::move(message)});
  }

  SourceLocation Here() const { return {source_.name, line_}; }

  // Takes the rule name off *rest; reports and returns false when missing or bad.
  bool TakeName(std::string_view* rest, std::string* name) {
    std::string_view word = NextWord(rest);
    if (word.empty() || word[0] == '#') {
      Error("missing rule name");
      return false;
    }
    if (!IsValidRuleName(word)) {
      Error("bad rule name '" + std::string(word) + "'");
      return false;
    }
    *name = std::string(word);
    return true;
  }

  // Takes one number off *rest; reports and returns false when missing or bad.
  bool TakeNumber(std::string_view* rest, double* value, std::string_view what) {
    std::string_view word = NextWord(rest);
    if (word.empty() || word[0] == '#') {
      Error("missing " + std::string(what));
      return false;
    }
    if (!ParseNumber(word, value)) {
      Error("bad number '" + std::string(word) + "'");
      return false;
    }
    return true;
  }

  void ParseTest(RuleKind kind, std::string_view rest) {
    TestDefinition def;
    def.kind = kind;
    def.where = Here();
    if (!TakeName(&rest, &def.name)) return;
    bool ok = false;
    switch (kind) {
      case RuleKind::kHeader: ok = ParseHeaderTest(rest, &def); break;
      case RuleKind::kMeta:
      case RuleKind::kMetric:
        def.expression = std::string(StripComment(rest));
        ok = !def.expression.empty();
        if (!ok) Error("missing expression");
        break;
      case RuleKind::kPhrases: ok = ParseTargets(rest, &def); break;
      default: ok = ParseRegexTest(rest, &def); break;
    }
    def.faulty = !ok;
    defs_->tests.push_back(std::move(def));
  }

  // After the name of a body/rawbody/uri/full rule: "/regex/flags [# comment]".
  bool ParseRegexTest(std::string_view rest, TestDefinition* def) {
    if (TrimWhiteSpace(rest).substr(0, 5) == "eval:") {
      Error("eval: tests are not supported");
      return false;
    }
    std::string error;
    if (!ParseRegexLiteral(&rest, def, &error)) {
      Error(error);
      return false;
    }
    return CheckNothingAfterRegex(rest);
  }

  bool CheckNothingAfterRegex(std::string_view rest) {
    std::string_view after = TrimWhiteSpace(rest);
    if (!after.empty() && after[0] == '#') return true;
    after = StripComment(after);
    if (after.empty()) return true;
    Error("unexpected text after regex: '" + std::string(after) + "'");
    return false;
  }

  // After the name of a header rule: "exists:Name" or
  // "Name[:raw] =~ /regex/flags [if-unset: TEXT]" (or "!~").
  bool ParseHeaderTest(std::string_view rest, TestDefinition* def) {
    std::string_view s = TrimWhiteSpace(rest);
    if (s.substr(0, 5) == "eval:") {
      Error("eval: tests are not supported");
      return false;
    }
    if (s.substr(0, 7) == "exists:") {
      std::string_view after = s.substr(7);
      std::string_view name = NextWord(&after);
      if (!IsValidHeaderName(name)) {
        Error("bad header name '" + std::string(name) + "'");
        return false;
      }
      if (!StripComment(after).empty()) {
        Error("unexpected text after header name: '" + std::string(StripComment(after)) + "'");
        return false;
      }
      def->header = std::string(name);
      def->header_exists = true;
      return true;
    }
    size_t op = std::min(s.find("=~"), s.find("!~"));
    if (op == std::string_view::npos) {
      Error("expected 'Header =~ /regex/', 'Header !~ /regex/' or 'exists:Header'");
      return false;
    }
    def->negated = s[op] == '!';
    std::string_view spec = TrimWhiteSpace(s.substr(0, op));
    std::string_view modifier;
    if (size_t colon = spec.find(':'); colon != std::string_view::npos) {
      modifier = spec.substr(colon + 1);
      spec = spec.substr(0, colon);
    }
    if (!IsValidHeaderName(spec)) {
      Error("bad header name '" + std::string(spec) + "'");
      return false;
    }
    if (!modifier.empty() && modifier != "raw" && modifier != "addr" && modifier != "name") {
      Error("unsupported header modifier ':" + std::string(modifier) + "' (known: :raw, :addr, :name)");
      return false;
    }
    if ((modifier == "addr" || modifier == "name") && spec == "ALL") {
      Error("':" + std::string(modifier) + "' needs an address header (From, To, Cc, ToCc, Reply-To...), not ALL");
      return false;
    }
    def->header = std::string(spec);
    def->header_raw = modifier == "raw";
    def->header_part = modifier == "addr"   ? HeaderPart::kAddresses
                       : modifier == "name" ? HeaderPart::kNames
                                            : HeaderPart::kValue;
    std::string_view after = s.substr(op + 2);
    std::string error;
    if (!ParseRegexLiteral(&after, def, &error)) {
      Error(error);
      return false;
    }
    after = TrimWhiteSpace(after);
    if (after.substr(0, 10) == "[if-unset:") {
      size_t close = after.find(']');
      if (close == std::string_view::npos) {
        Error("missing ']' after if-unset");
        return false;
      }
      def->if_unset = std::string(TrimWhiteSpace(after.substr(10, close - 10)));
      after = after.substr(close + 1);
    }
    return CheckNothingAfterRegex(after);
  }

  // After the name of a phrases rule: one or more of "subject", "body".
  bool ParseTargets(std::string_view rest, TestDefinition* def) {
    std::string_view targets = StripComment(rest);
    while (!targets.empty()) {
      std::string_view target = NextWord(&targets);
      if (target == "subject") {
        def->scan_subject = true;
      } else if (target == "body") {
        def->scan_body = true;
      } else {
        Error("unknown phrases target '" + std::string(target) + "' (expected subject or body)");
        return false;
      }
    }
    if (!def->scan_subject && !def->scan_body) {
      Error("missing phrases targets (subject, body)");
      return false;
    }
    return true;
  }

  // "score NAME value" or SpamAssassin's "score NAME v0 v1 v2 v3", of which
  // the first (the score set without Bayes and network tests) applies.
  void ParseScore(std::string_view rest) {
    ScoreSetting setting;
    setting.where = Here();
    if (!TakeName(&rest, &setting.name)) return;
    std::string_view values = StripComment(rest);
    std::vector<double> numbers;
    while (!values.empty()) {
      double value = 0;
      if (!TakeNumber(&values, &value, "score")) return;
      numbers.push_back(value);
    }
    if (numbers.size() != 1 && numbers.size() != 4) {
      Error(numbers.empty() ? "missing score" : "expected one or four score values");
      return;
    }
    setting.value = numbers[0];
    defs_->scores.push_back(std::move(setting));
  }

  void ParseDescribe(std::string_view rest) {
    DescribeSetting setting;
    setting.where = Here();
    if (!TakeName(&rest, &setting.name)) return;
    std::string_view text = StripComment(rest);
    if (text.empty()) return Error("missing description");
    // "\#" is SpamAssassin's way to write a '#' that does not start a comment.
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '#') continue;
      setting.text.push_back(text[i]);
    }
    defs_->descriptions.push_back(std::move(setting));
  }

  void ParseTflags(std::string_view rest) {
    TflagsSetting setting;
    setting.where = Here();
    if (!TakeName(&rest, &setting.name)) return;
    std::string_view flags = StripComment(rest);
    while (!flags.empty()) {
      std::string_view flag = NextWord(&flags);
      if (flag.substr(0, 8) == "maxhits=") {
        size_t n = 0;
        std::string_view digits = flag.substr(8);
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || n == 0) {
          return Error("bad maxhits '" + std::string(digits) + "'");
        }
        setting.maxhits = n;
        setting.multiple = true;
      } else if (flag == "multiple") {
        setting.multiple = true;
      } else if (flag == "nosubject") {
        setting.nosubject = true;
      } else if (flag != "nice" && flag != "noautolearn" && flag != "publish" && flag != "net" &&
                 flag != "learn" && flag != "userconf") {
        // The remaining SpamAssassin flags only matter to SpamAssassin's
        // learning and network machinery, which ohm has not.
        return Error("unknown tflag '" + std::string(flag) + "'");
      }
    }
    defs_->tflags.push_back(std::move(setting));
  }

  template <typename Setting>
  void ParseNamedNumber(std::string_view rest, std::vector<Setting>* out) {
    Setting setting;
    setting.where = Here();
    if (!TakeName(&rest, &setting.name)) return;
    std::string_view value = StripComment(rest);
    if (!TakeNumber(&value, &setting.value, "value")) return;
    value = TrimWhiteSpace(value);
    if (!value.empty()) return Error("unexpected text after value: '" + std::string(value) + "'");
    out->push_back(std::move(setting));
  }

  void ParsePhraseCap(std::string_view rest) {
    size_t before = defs_->phrase_caps.size();
    ParseNamedNumber(rest, &defs_->phrase_caps);
    if (defs_->phrase_caps.size() > before && defs_->phrase_caps.back().value <= 0) {
      defs_->phrase_caps.pop_back();
      Error("phrasecap must be positive");
    }
  }

  void ParsePhrase(std::string_view rest) {
    PhraseDeclaration phrase;
    phrase.where = Here();
    if (!TakeName(&rest, &phrase.list)) return;
    std::string_view words = StripComment(rest);
    if (!TakeNumber(&words, &phrase.weight, "phrase weight")) return;
    if (phrase.weight < 0) return Error("phrase weight must not be negative");
    phrase.words = NormalizePhrase(words);
    if (phrase.words.empty()) return Error("missing phrase words");
    if (!IsValidUtf8(phrase.words)) return Error("phrase is not valid UTF-8");
    defs_->phrases.push_back(std::move(phrase));
  }

  const RuleSource& source_;
  RuleDefinitions* defs_;
  std::vector<RuleLoadError>* errors_;
  int line_ = 0;
};

}  // namespace

std::string SourceLocation::ToString() const { return file + ":" + std::to_string(line); }

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kHeader: return "header";
    case RuleKind::kBody: return "body";
    case RuleKind::kRawBody: return "rawbody";
    case RuleKind::kUri: return "uri";
    case RuleKind::kFull: return "full";
    case RuleKind::kMeta: return "meta";
    case RuleKind::kMetric: return "metric";
    case RuleKind::kPhrases: return "phrases";
  }
  return "unknown";
}

bool IsValidRuleName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

void ParseRuleSource(const RuleSource& source, RuleDefinitions* definitions,
                     std::vector<RuleLoadError>* errors) {
  std::string_view text = source.text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  LineParser parser(source, definitions, errors);
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    parser.Parse(line, ++number);
  }
}

}  // namespace ohm
