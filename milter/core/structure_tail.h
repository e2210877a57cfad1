// What the collector keeps of a body past its scan limit: the MIME structure
// (boundary lines and each part's header block), not the content. A 10 MB
// message then costs the scanner its first max_body_bytes plus a few hundred
// bytes per attachment, yet the parser still sees every part's type and file
// name and the closing boundaries, so an attachment behind a large one is not
// missed and a cut multipart is not mistaken for a broken one.
#ifndef OHM_CORE_STRUCTURE_TAIL_H_
#define OHM_CORE_STRUCTURE_TAIL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ohm {

class StructureTail {
 public:
  // Lines longer than this are kept cut to this many bytes and a line break: a boundary line is at most 72 bytes
  // of boundary (RFC 2046) and header lines are bounded by RFC 5322's 998.
  static constexpr size_t kMaxLineBytes = 1000;

  // Reads bytes of the body past the scan limit, starting at a line start
  // (or inside a line whose start was passed to Begin). Appends to `out` the
  // lines that carry structure: a line starting with "--" and, after one that
  // is not a closing boundary, the header lines up to and including the empty
  // line that ends them. Stops appending once `kept` would pass `cap` bytes;
  // cut() then says so.
  void Feed(std::string_view bytes, size_t cap, std::string* out);

  // Starts the first line with bytes already read (the partial line at the
  // scan limit). Call before the first Feed.
  void Begin(std::string_view partial_line);
  // Starts inside a line whose start is unknown: the rest of it is dropped.
  // Call before the first Feed, instead of Begin.
  void BeginMidLine();

  // True once structure was dropped because it would have passed the cap.
  bool cut() const { return cut_; }
  // Bytes appended to `out` so far.
  size_t kept() const { return kept_; }

 private:
  void EndLine(size_t cap, std::string* out);

  std::string line_;        // the current line, at most kMaxLineBytes (with its '\n' once complete)
  bool in_part_header_ = false;
  bool skip_line_ = false;  // the current line is the tail of one whose start was not seen
  bool cut_ = false;
  size_t kept_ = 0;
};

}  // namespace ohm

#endif  // OHM_CORE_STRUCTURE_TAIL_H_
