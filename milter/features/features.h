// Named numeric facts about a message ("subject_caps_ratio", "links_per_100_words")
// that metric rules compare with thresholds. The catalogue of names is fixed in
// code (what can be measured); the thresholds live in rule files (policy).
#ifndef OHM_FEATURES_FEATURES_H_
#define OHM_FEATURES_FEATURES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/envelope.h"
#include "core/raw_message.h"
#include "parse/parsed_message.h"

namespace ohm {

struct FeatureInfo {
  std::string_view name;
  std::string_view description;
  bool needs_content;  // false: computed from headers/envelope only (still valid when the body was not scanned)
};

// The catalogue, in FeatureId order.
const std::vector<FeatureInfo>& FeatureCatalogue();

// Returns the index of feature `name` in FeatureCatalogue(), or nullopt.
std::optional<size_t> FindFeature(std::string_view name);

// Values of every catalogued feature for one message, indexed like
// FeatureCatalogue(), and for a few of them the evidence behind the count
// (the attachment's name), which a verdict quotes so the sender knows what
// to change.
class Features {
 public:
  explicit Features(std::vector<double> values, std::vector<std::pair<size_t, std::string>> evidence = {})
      : values_(std::move(values)), evidence_(std::move(evidence)) {}
  double Get(size_t id) const { return id < values_.size() ? values_[id] : 0.0; }
  size_t size() const { return values_.size(); }
  // What feature `id` counted first, as it appears in the message; "" when
  // the feature keeps no evidence or counted nothing.
  std::string_view Evidence(size_t id) const {
    for (const auto& [feature, text] : evidence_) {
      if (feature == id) return text;
    }
    return {};
  }

 private:
  std::vector<double> values_;
  std::vector<std::pair<size_t, std::string>> evidence_;  // few entries: a list beats a map
};

// Computes every catalogued feature. When content_scanned is false, the
// content-dependent features are 0 and rules must not read them.
// Dates are judged against the top Received time: in the milter that is the
// MTA's own Received line (now); a message without one (an archived file
// checked offline) has no sending time to judge its Date by, so its
// date_skew_hours is 0.
Features ComputeFeatures(const Envelope& env, const RawMessage& raw, const ParsedMessage& parsed,
                         bool content_scanned);

// ComputeFeatures, but a message without a Received time has its Date judged
// against `now` (seconds since the epoch) unless `now` is 0.
Features ComputeFeaturesAt(const Envelope& env, const RawMessage& raw, const ParsedMessage& parsed,
                           bool content_scanned, int64_t now);

}  // namespace ohm

#endif  // OHM_FEATURES_FEATURES_H_
