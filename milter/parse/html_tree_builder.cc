#include "parse/html_tree_builder.h"

#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <iterator>

namespace ohm {

namespace {

// What the tree construction rules need to know of an element.
enum Role : unsigned {
  kVoid = 1u << 0,          // never has content: opens and closes at once
  kClosesP = 1u << 1,       // its start ends an open <p>
  kSpecial = 1u << 2,       // the standard's "special" category: stops the <li>/<dd> walk
  kScope = 1u << 3,         // bounds the search for an element "in scope"
  kHeadContent = 1u << 4,   // may stay inside <head>; anything else ends it
  kHeading = 1u << 5,       // h1-h6
  kParagraph = 1u << 6,     // p
  kListItem = 1u << 7,      // li
  kDefinition = 1u << 8,    // dd, dt
  kList = 1u << 9,          // ul, ol: bound the search for an open <li>
  kItemTransparent = 1u << 10,  // address, div, p: the <li>/<dd> walk goes past them
  kTable = 1u << 11,
  kTableSection = 1u << 12,  // tbody, thead, tfoot
  kTableRow = 1u << 13,
  kTableCell = 1u << 14,     // td, th
  kAnchor = 1u << 15,
  kOption = 1u << 16,
  kOptgroup = 1u << 17,
  kButton = 1u << 18,
  kForeign = 1u << 19,  // svg, math
  kHtml = 1u << 20,
  kHead = 1u << 21,
  kBody = 1u << 22,
  kTemplate = 1u << 23,
};

constexpr unsigned kBlock = kClosesP | kSpecial;

struct ElementRoles {
  std::string_view name;
  unsigned roles;
};

// Sorted by name.
constexpr ElementRoles kElements[] = {
    {"a", kAnchor},
    {"address", kBlock | kItemTransparent},
    {"applet", kSpecial | kScope},
    {"area", kVoid | kSpecial},
    {"article", kBlock},
    {"aside", kBlock},
    {"base", kVoid | kSpecial | kHeadContent},
    {"basefont", kVoid | kSpecial | kHeadContent},
    {"bgsound", kVoid | kSpecial | kHeadContent},
    {"blockquote", kBlock},
    {"body", kSpecial | kBody},
    {"br", kVoid | kSpecial},
    {"button", kSpecial | kButton},
    {"caption", kSpecial | kScope},
    {"center", kBlock},
    {"col", kVoid | kSpecial},
    {"colgroup", kSpecial},
    {"dd", kBlock | kDefinition},
    {"details", kBlock},
    {"dialog", kClosesP},
    {"dir", kBlock},
    {"div", kBlock | kItemTransparent},
    {"dl", kBlock},
    {"dt", kBlock | kDefinition},
    {"embed", kVoid | kSpecial},
    {"fieldset", kBlock},
    {"figcaption", kBlock},
    {"figure", kBlock},
    {"footer", kBlock},
    {"form", kBlock},
    {"frame", kVoid | kSpecial},
    {"h1", kBlock | kHeading},
    {"h2", kBlock | kHeading},
    {"h3", kBlock | kHeading},
    {"h4", kBlock | kHeading},
    {"h5", kBlock | kHeading},
    {"h6", kBlock | kHeading},
    {"head", kSpecial | kHead},
    {"header", kBlock},
    {"hgroup", kBlock},
    {"hr", kVoid | kBlock},
    {"html", kSpecial | kScope | kHtml},
    {"iframe", kSpecial},
    {"img", kVoid | kSpecial},
    {"input", kVoid | kSpecial},
    {"keygen", kVoid | kSpecial},
    {"li", kBlock | kListItem},
    {"link", kVoid | kSpecial | kHeadContent},
    {"listing", kBlock},
    {"main", kBlock},
    {"marquee", kSpecial | kScope},
    {"math", kForeign},
    {"menu", kBlock},
    {"meta", kVoid | kSpecial | kHeadContent},
    {"nav", kBlock},
    {"noembed", kSpecial},
    {"noframes", kSpecial | kHeadContent},
    {"noscript", kSpecial | kHeadContent},
    {"object", kSpecial | kScope},
    {"ol", kBlock | kList},
    {"optgroup", kOptgroup},
    {"option", kOption},
    {"p", kBlock | kParagraph | kItemTransparent},
    {"param", kVoid | kSpecial},
    {"plaintext", kBlock},
    {"pre", kBlock},
    {"script", kSpecial | kHeadContent},
    {"search", kBlock},
    {"section", kBlock},
    {"select", kSpecial},
    {"source", kVoid | kSpecial},
    {"style", kSpecial | kHeadContent},
    {"summary", kBlock},
    {"svg", kForeign},
    {"table", kBlock | kScope | kTable},
    {"tbody", kSpecial | kTableSection},
    {"td", kSpecial | kScope | kTableCell},
    {"template", kSpecial | kScope | kHeadContent | kTemplate},
    {"textarea", kSpecial},
    {"tfoot", kSpecial | kTableSection},
    {"th", kSpecial | kScope | kTableCell},
    {"thead", kSpecial | kTableSection},
    {"title", kSpecial | kHeadContent},
    {"tr", kSpecial | kTableRow},
    {"track", kVoid | kSpecial},
    {"ul", kBlock | kList},
    {"wbr", kVoid | kSpecial},
    {"xmp", kBlock},
};

// Names packed into integers, big-endian and zero-padded, so that integer
// order is name order: the lookup on every tag compares two words instead of
// calling memcmp (which was a seventh of the tokenizer's time).
struct PackedName {
  uint64_t high = 0, low = 0;
  constexpr auto operator<=>(const PackedName&) const = default;
};

constexpr size_t kLongestPackedName = 16;

constexpr PackedName Pack(std::string_view name) {
  PackedName packed;
  for (size_t i = 0; i < 8; i++) packed.high = packed.high << 8 | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
  for (size_t i = 8; i < 16; i++) packed.low = packed.low << 8 | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
  return packed;
}

struct PackedRoles {
  PackedName name;
  size_t size;  // "p" and "p\0" pack alike
  unsigned roles;
};

constexpr auto kPackedElements = [] {
  std::array<PackedRoles, std::size(kElements)> packed{};
  for (size_t i = 0; i < std::size(kElements); i++) packed[i] = {Pack(kElements[i].name), kElements[i].name.size(), kElements[i].roles};
  return packed;
}();

constexpr bool SortedAndPackable() {
  for (size_t i = 0; i < std::size(kElements); i++) {
    if (kElements[i].name.size() > kLongestPackedName) return false;
    if (i > 0 && !(kPackedElements[i - 1].name < kPackedElements[i].name)) return false;
  }
  return true;
}
static_assert(SortedAndPackable(), "kElements must be sorted by name, each at most 16 bytes");

unsigned RolesOf(std::string_view name) {
  if (name.size() > kLongestPackedName) return 0;
  PackedName key = Pack(name);
  const PackedRoles* end = kPackedElements.end();
  const PackedRoles* it = std::lower_bound(kPackedElements.begin(), end, key,
                                           [](const PackedRoles& e, const PackedName& k) { return e.name < k; });
  return it != end && it->name == key && it->size == name.size() ? it->roles : 0;
}

// Where a table's own rules look for open rows and cells: no further out
// than the table.
constexpr unsigned kTableScope = kTable | kHtml | kTemplate;

bool HasVisibleText(std::string_view text) {
  return !std::all_of(text.begin(), text.end(), IsHtmlSpace);
}

}  // namespace

template <typename Match>
size_t HtmlTreeBuilder::FindInScope(Match match, unsigned boundary) const {
  for (size_t i = open_.size(); i-- > 0;) {
    if (match(open_[i])) return i;
    if (open_[i].roles & boundary) return SIZE_MAX;
  }
  return SIZE_MAX;
}

void HtmlTreeBuilder::CloseFrom(size_t index) {
  while (open_.size() > index) {
    const OpenElement& top = open_.back();
    Count(top.roles, -1);
    sink_->Close(top.name);
    open_.pop_back();
  }
  if (open_head_ >= open_.size()) open_head_ = SIZE_MAX;
}

void HtmlTreeBuilder::Count(unsigned roles, int delta) {
  if (roles & kParagraph) open_paragraphs_ += delta;
  if (roles & kAnchor) open_anchors_ += delta;
  if (roles & kTable) open_tables_ += delta;
  if (roles & kForeign) open_foreign_ += delta;
}

void HtmlTreeBuilder::CloseImplied(unsigned roles) {
  auto has = [](unsigned wanted) { return [wanted](const OpenElement& e) { return (e.roles & wanted) != 0; }; };
  if ((roles & kClosesP) && open_paragraphs_ > 0) {
    if (size_t p = FindInScope(has(kParagraph), kScope | kButton); p != SIZE_MAX) CloseFrom(p);
  }
  if ((roles & kHeading) && !open_.empty() && (open_.back().roles & kHeading)) CloseFrom(open_.size() - 1);
  if (roles & (kListItem | kDefinition)) {
    // An item ends the open item of its kind, looking past inline elements
    // and address/div/p, but not out of another block.
    unsigned kind = roles & (kListItem | kDefinition);
    for (size_t i = open_.size(); i-- > 0;) {
      if (open_[i].roles & kind) {
        CloseFrom(i);
        break;
      }
      if ((open_[i].roles & kSpecial) && !(open_[i].roles & kItemTransparent)) break;
    }
  }
  if ((roles & (kTableSection | kTableRow | kTableCell)) && open_tables_ > 0) {
    // A row ends the open row or cell of its table, a cell the open cell, a
    // section all of them: the first such element above the nearest table.
    unsigned ends = kTableCell;
    if (roles & (kTableRow | kTableSection)) ends |= kTableRow;
    if (roles & kTableSection) ends |= kTableSection;
    size_t table = FindInScope(has(kTable), 0);
    for (size_t i = table + 1; table != SIZE_MAX && i < open_.size(); i++) {
      if (open_[i].roles & ends) {
        CloseFrom(i);
        break;
      }
    }
  }
  if ((roles & kAnchor) && open_anchors_ > 0) {
    if (size_t a = FindInScope(has(kAnchor), kScope); a != SIZE_MAX) CloseFrom(a);
  }
  if (roles & kButton) {
    if (size_t b = FindInScope(has(kButton), kScope); b != SIZE_MAX) CloseFrom(b);
  }
  if ((roles & (kOption | kOptgroup)) && !open_.empty() && (open_.back().roles & kOption)) CloseFrom(open_.size() - 1);
  if ((roles & kOptgroup) && !open_.empty() && (open_.back().roles & kOptgroup)) CloseFrom(open_.size() - 1);
}

void HtmlTreeBuilder::StartTag(std::string_view name, std::span<const HtmlAttribute> attributes, bool self_closing) {
  unsigned roles = RolesOf(name);
  // A second <html>, <head> or <body> adds nothing a reader sees.
  if ((roles & kHtml) && !open_.empty()) return;
  if (roles & kHead) {
    if (seen_head_ || seen_body_) return;
    seen_head_ = true;
  }
  if (roles & kBody) {
    if (seen_body_) return;
    seen_body_ = true;
  }
  // Anything but head content ends an open <head>: a mail whose </head> is
  // missing still shows its body.
  if (!(roles & kHeadContent) && open_head_ != SIZE_MAX) CloseFrom(open_head_);
  CloseImplied(roles);
  sink_->Open(name, attributes);
  bool closes_itself = (roles & kVoid) || (self_closing && open_foreign_ > 0);
  if (closes_itself || open_.size() >= kMaxOpenElements) {
    sink_->Close(name);
    return;
  }
  if (roles & kHead) open_head_ = open_.size();
  open_.push_back({std::string(name), roles});
  Count(roles, +1);
}

void HtmlTreeBuilder::EndTag(std::string_view name) {
  unsigned roles = RolesOf(name);
  // </body> and </html> close nothing: browsers show what follows them as
  // part of the body, inside whatever is still open.
  if (roles & (kBody | kHtml)) return;
  if (name == "br") {  // "</br>" is read as <br>
    StartTag(name, {}, false);
    return;
  }
  unsigned boundary = kScope;
  if (roles & (kTable | kTableSection | kTableRow | kTableCell)) boundary = kTableScope;
  if (roles & kListItem) boundary |= kList;
  if (roles & kParagraph) boundary |= kButton;
  size_t match = FindInScope([name](const OpenElement& e) { return e.name == name; }, boundary);
  if (match != SIZE_MAX) {
    CloseFrom(match);
  } else if (roles & kParagraph) {
    // "</p>" with no open paragraph still ends a line, as an empty one.
    sink_->Open(name, {});
    sink_->Close(name);
  }
}

void HtmlTreeBuilder::Text(std::string_view text) {
  // Text straight inside <head> belongs to the body.
  if (!open_.empty() && (open_.back().roles & kHead) && HasVisibleText(text)) CloseFrom(open_.size() - 1);
  sink_->Text(text);
}

void HtmlTreeBuilder::Finish() { CloseFrom(0); }

}  // namespace ohm
