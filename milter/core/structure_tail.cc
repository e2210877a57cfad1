#include "core/structure_tail.h"

#include <algorithm>
#include <cstring>

namespace ohm {

namespace {

// The line without its CRLF / LF.
std::string_view Content(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsClosingBoundary(std::string_view line) {
  std::string_view c = Content(line);
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.remove_suffix(1);
  return c.size() >= 4 && c.substr(c.size() - 2) == "--";
}

}  // namespace

void StructureTail::Begin(std::string_view partial_line) {
  line_.assign(partial_line.substr(0, kMaxLineBytes));
}

void StructureTail::BeginMidLine() {
  line_.clear();
  skip_line_ = true;
}

void StructureTail::Feed(std::string_view bytes, size_t cap, std::string* out) {
  while (!bytes.empty()) {
    const void* nl = std::memchr(bytes.data(), '\n', bytes.size());
    size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - bytes.data()) + 1 : bytes.size();
    if (line_.size() < kMaxLineBytes) line_.append(bytes.substr(0, std::min(take, kMaxLineBytes - line_.size())));
    bytes.remove_prefix(take);
    if (nl) {
      if (line_.back() != '\n') line_.push_back('\n');  // a cut line still ends as a line
      EndLine(cap, out);
    }
  }
}

void StructureTail::EndLine(size_t cap, std::string* out) {
  bool keep = false;
  if (skip_line_) {
    skip_line_ = false;
  } else if (in_part_header_) {
    keep = true;
    if (Content(line_).empty()) in_part_header_ = false;
  } else if (line_.size() >= 2 && line_[0] == '-' && line_[1] == '-') {
    keep = true;
    in_part_header_ = !IsClosingBoundary(line_);
  }
  if (keep) {
    if (kept_ + line_.size() <= cap && !cut_) {
      out->append(line_);
      kept_ += line_.size();
    } else {
      cut_ = true;
    }
  }
  line_.clear();
}

}  // namespace ohm
