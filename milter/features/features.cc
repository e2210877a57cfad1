#include "features/features.h"

#include <string>

namespace ohm {

namespace {

// The order here is the FeatureId order; append new features at the end.
const std::vector<FeatureInfo> kCatalogue = {
    {"recipients", "envelope recipients", false},
    {"header_count", "header fields in the message", false},
    {"body_bytes", "body size in bytes as received", false},
    {"mime_parts", "MIME parts (containers and leaves)", true},
    {"mime_depth", "deepest MIME nesting", true},
    {"links", "links (HTML anchors and bare URLs)", true},
    {"images", "images in HTML parts", true},
    {"attachments", "attachments", true},
    {"text_chars", "characters of visible text in all text parts", true},
};

}  // namespace

const std::vector<FeatureInfo>& FeatureCatalogue() { return kCatalogue; }

std::optional<size_t> FindFeature(std::string_view name) {
  for (size_t i = 0; i < kCatalogue.size(); ++i) {
    if (kCatalogue[i].name == name) return i;
  }
  return std::nullopt;
}

Features ComputeFeatures(const Envelope& env, const RawMessage& raw, const ParsedMessage& parsed,
                         bool content_scanned) {
  std::vector<double> v(kCatalogue.size(), 0.0);
  v[0] = static_cast<double>(env.rcpt_to.size());
  v[1] = static_cast<double>(raw.headers.size() + raw.headers_dropped);
  v[2] = static_cast<double>(raw.body_bytes_seen);
  if (content_scanned) {
    v[3] = static_cast<double>(parsed.mime_parts);
    v[4] = static_cast<double>(parsed.mime_depth);
    v[5] = static_cast<double>(parsed.links.size());
    v[6] = static_cast<double>(parsed.images.size());
    v[7] = static_cast<double>(parsed.attachments.size());
    v[8] = static_cast<double>(parsed.body_text.size());
  }
  return Features(std::move(v));
}

}  // namespace ohm
