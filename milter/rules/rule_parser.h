// The syntax of rule files (see rules/SYNTAX.md): turns the text of one file
// into definitions, each remembering the file and line it came from. Only
// what one line can tell is checked here (directive, names, numbers, regex
// delimiters and flags); cross-references, regex compilation and expressions
// are checked when the definitions of all files are compiled together.
#ifndef OHM_RULES_RULE_PARSER_H_
#define OHM_RULES_RULE_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/message_text.h"
#include "rules/rule_set.h"

namespace ohm {

struct SourceLocation {
  std::string file;
  int line = 0;
  // Returns "file:line".
  std::string ToString() const;
};

enum class RuleKind { kHeader, kBody, kRawBody, kUri, kFull, kMeta, kMetric, kPhrases };

// Returns the directive that defines the kind ("header", "body", ...).
std::string_view RuleKindName(RuleKind kind);

// A rule's test: what it looks at and how.
struct TestDefinition {
  std::string name;
  RuleKind kind = RuleKind::kBody;
  SourceLocation where;

  // header rules
  std::string header;                  // header name, or "ALL" / "ToCc"
  bool header_raw = false;             // "Header:raw": value as received, folding kept
  HeaderPart header_part = HeaderPart::kValue;  // "Header:addr" / "Header:name"
  bool header_exists = false;          // "exists:Header": true when the header is present
  bool negated = false;                // "!~" instead of "=~"
  std::optional<std::string> if_unset; // "[if-unset: TEXT]": value of a missing header

  // header, body, rawbody, uri, full
  std::string pattern;
  std::string flags;                   // subset of "imsx"

  // meta, metric
  std::string expression;

  // phrases
  bool scan_subject = false;
  bool scan_body = false;

  // The line had an error (already reported). The rule still counts as
  // defined, so that its score line or a meta reading it is not reported too.
  bool faulty = false;
};

struct ScoreSetting {
  std::string name;
  double value = 0;
  SourceLocation where;
};

struct DescribeSetting {
  std::string name;
  std::string text;
  SourceLocation where;
};

struct TflagsSetting {
  std::string name;
  bool multiple = false;
  std::optional<size_t> maxhits;  // implies multiple
  bool nosubject = false;         // body rules: match the body without the subject line
  SourceLocation where;
};

struct ParamSetting {
  std::string name;
  double value = 0;
  SourceLocation where;
};

struct PhraseDeclaration {
  std::string list;
  std::string words;  // white space normalized
  double weight = 0;
  SourceLocation where;
};

struct PhraseCapSetting {
  std::string name;
  double value = 0;
  SourceLocation where;
};

// Everything read from all sources, each kind in reading order (later
// settings override earlier ones when compiled).
struct RuleDefinitions {
  std::vector<TestDefinition> tests;
  std::vector<ScoreSetting> scores;
  std::vector<DescribeSetting> descriptions;
  std::vector<TflagsSetting> tflags;
  std::vector<ParamSetting> params;
  std::vector<PhraseDeclaration> phrases;
  std::vector<PhraseCapSetting> phrase_caps;
};

// Parses `source` line by line, appending what it defines to `definitions`
// and one error per faulty line to `errors` (a faulty line defines nothing;
// parsing continues with the next line).
void ParseRuleSource(const RuleSource& source, RuleDefinitions* definitions,
                     std::vector<RuleLoadError>* errors);

// True for a valid rule, list or parameter name: [A-Za-z0-9_]+.
bool IsValidRuleName(std::string_view name);

}  // namespace ohm

#endif  // OHM_RULES_RULE_PARSER_H_
