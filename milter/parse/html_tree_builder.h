// The tree a browser builds from HTML tokens, as a stream of balanced open
// and close events: the rules by which a tag closes elements it was not
// written to close ("<p>a<div>" ends the paragraph, "<td>" the cell before,
// "<body>" an unclosed <head>), void elements, and end tags that close nothing
// in scope. It follows the HTML standard's tree construction where it changes
// what a reader sees, and leaves out what only moves elements around
// (adoption of misnested formatting, foster parenting, implied <tbody>).
#ifndef OHM_PARSE_HTML_TREE_BUILDER_H_
#define OHM_PARSE_HTML_TREE_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse/html_tokenizer.h"

namespace ohm {

// Receives the document as a tree: every Open is matched by one Close, the
// innermost element first. Views are valid only during the call.
class HtmlTreeSink {
 public:
  virtual ~HtmlTreeSink() = default;
  virtual void Open(std::string_view name, std::span<const HtmlAttribute> attributes) = 0;
  virtual void Close(std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;
};

// Turns tokens (TokenizeHtml) into tree events for `sink`. At most
// kMaxOpenElements elements are open at once; past that, an element is
// closed as soon as it opens, so a hostile document cannot make each tag's
// walk of the open elements long.
class HtmlTreeBuilder final : public HtmlTokenSink {
 public:
  static constexpr size_t kMaxOpenElements = 512;

  explicit HtmlTreeBuilder(HtmlTreeSink* sink) : sink_(sink) {}

  void StartTag(std::string_view name, std::span<const HtmlAttribute> attributes, bool self_closing) override;
  void EndTag(std::string_view name) override;
  void Text(std::string_view text) override;

  // Closes every element still open, innermost first. Call once, after the
  // last token.
  void Finish();

 private:
  struct OpenElement {
    std::string name;
    unsigned roles;
  };

  // Index of the innermost open element for which `match` holds, looking no
  // further out than the first element with one of the `boundary` roles (not
  // itself a match); SIZE_MAX if none.
  template <typename Match>
  size_t FindInScope(Match match, unsigned boundary) const;

  // Closes the elements at `index` and above, innermost first.
  void CloseFrom(size_t index);

  // The start-tag rules that close open elements before one with `roles` opens.
  void CloseImplied(unsigned roles);

  // Keeps the counts below as an element with `roles` opens (+1) or closes (-1).
  void Count(unsigned roles, int delta);

  HtmlTreeSink* sink_;
  std::vector<OpenElement> open_;
  bool seen_head_ = false;
  bool seen_body_ = false;
  // Counts of open elements the start-tag rules search for: most tags need
  // no walk of open_ at all.
  int open_paragraphs_ = 0;
  int open_anchors_ = 0;
  int open_tables_ = 0;
  int open_foreign_ = 0;  // <svg>/<math>: inside them "<x/>" closes itself
  size_t open_head_ = SIZE_MAX;  // index of the open <head> in open_, if any
};

}  // namespace ohm

#endif  // OHM_PARSE_HTML_TREE_BUILDER_H_
