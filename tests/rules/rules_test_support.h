// Helpers shared by the rules tests: a message built field by field (no
// parser involved, so each test states exactly what the rules see) and
// loading rule text that must compile.
#ifndef OHM_TESTS_RULES_RULES_TEST_SUPPORT_H_
#define OHM_TESTS_RULES_RULES_TEST_SUPPORT_H_

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/rule_set.h"

// Shows string lists in failure messages (rule errors, hit names).
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& list) {
    std::string out = "{";
    for (size_t i = 0; i < list.size(); ++i) out += (i ? ", \"" : "\"") + list[i] + "\"";
    out += "}";
    return String(out.c_str());
  }
};
}  // namespace doctest

namespace ohm {

// Rule names, hit lists, error lists.
using Strings = std::vector<std::string>;

struct TestMessage {
  Envelope envelope;
  RawMessage raw;
  ParsedMessage parsed;
  std::vector<double> feature_values = std::vector<double>(FeatureCatalogue().size(), 0.0);
  bool content_scanned = true;

  TestMessage& Header(std::string name, std::string value) {
    raw.headers.push_back({std::move(name), std::move(value)});
    return *this;
  }
  TestMessage& Subject(std::string subject) {
    parsed.subject = subject;
    return Header("Subject", std::move(subject));
  }
  TestMessage& Body(std::string text) {
    parsed.body_text = text;
    parsed.plain_text = text;
    raw.body = text;
    return *this;
  }
  TestMessage& Feature(std::string_view name, double value) {
    auto id = FindFeature(name);
    REQUIRE_MESSAGE(id.has_value(), "feature " << name);
    feature_values[*id] = value;
    return *this;
  }
};

struct Evaluated {
  std::vector<RuleHit> hits;  // sorted by name
  std::vector<std::string> notes;

  const RuleHit* Find(std::string_view name) const {
    for (const RuleHit& hit : hits) {
      if (hit.name == name) return &hit;
    }
    return nullptr;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const RuleHit& hit : hits) names.push_back(hit.name);
    return names;
  }
};

inline Evaluated EvaluateMessage(const RuleSet& rules, const TestMessage& message) {
  Features features(message.feature_values);
  ScanInput input{message.envelope, message.raw, message.parsed, features, message.content_scanned};
  Evaluated out;
  out.hits = rules.Evaluate(input, &out.notes);
  std::sort(out.hits.begin(), out.hits.end(),
            [](const RuleHit& a, const RuleHit& b) { return a.name < b.name; });
  return out;
}

// Loads `sources` ({name, text} pairs); fails the test with every error when they do not compile.
inline std::shared_ptr<const RuleSet> MustLoad(const std::vector<RuleSource>& sources,
                                               const RuleOptions& options = {}) {
  RuleSet::LoadResult result = RuleSet::Load(sources, options);
  if (auto* errors = std::get_if<std::vector<RuleLoadError>>(&result)) {
    std::string all;
    for (const auto& e : *errors) all += e.ToString() + "\n";
    FAIL("rules did not load:\n" << all);
  }
  return std::get<std::shared_ptr<const RuleSet>>(result);
}

inline std::shared_ptr<const RuleSet> MustLoad(const std::string& text, const RuleOptions& options = {}) {
  return MustLoad(std::vector<RuleSource>{{"t.cf", text}}, options);
}

// Returns the load errors as "file:line: message" strings; empty when the rules loaded.
inline std::vector<std::string> LoadErrors(const std::vector<RuleSource>& sources) {
  RuleSet::LoadResult result = RuleSet::Load(sources, RuleOptions{});
  std::vector<std::string> out;
  if (auto* errors = std::get_if<std::vector<RuleLoadError>>(&result)) {
    for (const auto& e : *errors) out.push_back(e.ToString());
  }
  return out;
}

inline std::vector<std::string> LoadErrors(const std::string& text) {
  return LoadErrors(std::vector<RuleSource>{{"t.cf", text}});
}

}  // namespace ohm

#endif  // OHM_TESTS_RULES_RULES_TEST_SUPPORT_H_
