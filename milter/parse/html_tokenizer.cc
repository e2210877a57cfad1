#include "parse/html_tokenizer.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "parse/html_entities.h"
#include "parse/utf8_text.h"

namespace ohm {

namespace {

// A tag with more attributes than this is an attack, not markup; the rest
// of its attributes are read past and not passed on, which also bounds the
// search for a repeated name.
constexpr size_t kMaxAttributes = 128;

// Decodes "#123;" or "#x7B;" at html[pos] (the '#'); returns `pos` when no
// digits follow.
size_t DecodeNumericReference(std::string_view html, size_t pos, std::string* out) {
  size_t p = pos + 1;
  bool hex = p < html.size() && (html[p] == 'x' || html[p] == 'X');
  if (hex) ++p;
  size_t digits_start = p;
  uint32_t value = 0;
  while (p < html.size()) {
    char c = html[p];
    uint32_t digit;
    if (IsAsciiDigit(c)) {
      digit = static_cast<uint32_t>(c - '0');
    } else if (hex && AsciiLower(c) >= 'a' && AsciiLower(c) <= 'f') {
      digit = static_cast<uint32_t>(AsciiLower(c) - 'a' + 10);
    } else {
      break;
    }
    value = value * (hex ? 16 : 10) + digit;
    if (value > 0x10FFFF) value = 0x110000;  // saturates: stays out of range
    ++p;
  }
  if (p == digits_start) return pos;  // "&#" or "&#x" without digits: not a reference
  if (p < html.size() && html[p] == ';') ++p;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    value = 0xFFFD;
  } else if (value >= 0x80 && value <= 0x9F) {
    value = Windows1252CodePoint(static_cast<uint8_t>(value));  // "&#150;" is an en dash in every browser
  }
  AppendCodePoint(value, out);
  return p;
}

// Reads the document's tokens; one per TokenizeHtml call.
class Tokenizer {
 public:
  Tokenizer(std::string_view html, HtmlTokenSink* sink) : html_(html), sink_(sink) {}

  void Run() {
    const size_t n = html_.size();
    size_t text_start = 0;
    size_t pos = 0;
    while (pos < n) {
      const void* found = std::memchr(html_.data() + pos, '<', n - pos);
      if (found == nullptr) break;
      size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html_.data());
      size_t next = Markup(lt, text_start);
      if (next == lt) {  // a '<' that starts no markup is text
        pos = lt + 1;
        continue;
      }
      pos = text_start = next;
    }
    EmitText(text_start, n, /*decode=*/true);
  }

 private:
  // Reads the markup that starts with the '<' at `lt`, first handing the text
  // before it (from `text_start`) to the sink. Returns the position after the
  // markup, or `lt` when the '<' starts none.
  size_t Markup(size_t lt, size_t text_start) {
    const size_t n = html_.size();
    size_t p = lt + 1;
    if (p >= n) return lt;
    char c = html_[p];
    if (IsAsciiAlpha(c)) {
      EmitText(text_start, lt, true);
      return StartTag(p);
    }
    if (c == '/') {
      if (p + 1 >= n) return lt;  // "</" at the end is text
      if (IsAsciiAlpha(html_[p + 1])) {
        EmitText(text_start, lt, true);
        return EndTag(p + 1);
      }
      EmitText(text_start, lt, true);
      if (html_[p + 1] == '>') return p + 2;  // "</>" is dropped
      return SkipPast('>', p + 1);            // "</ x>", "</3>": a bogus comment
    }
    if (c == '!') {
      EmitText(text_start, lt, true);
      if (html_.compare(p, 3, "!--") == 0) return Comment(p + 3);
      return SkipPast('>', p + 1);  // doctype, "<![CDATA[", "<!x": read past, as browsers do
    }
    if (c == '?') {
      EmitText(text_start, lt, true);
      return SkipPast('>', p + 1);
    }
    return lt;
  }

  // The position after the next `c` at or after `from`, or the end.
  size_t SkipPast(char c, size_t from) const {
    size_t at = html_.find(c, from);
    return at == std::string_view::npos ? html_.size() : at + 1;
  }

  // After "<!--" (at `p`): ends at "-->", or at once for "<!-->" and
  // "<!--->"; an unclosed comment hides the rest of the document, as it does
  // in a browser.
  size_t Comment(size_t p) const {
    if (p < html_.size() && html_[p] == '>') return p + 1;
    if (html_.compare(p, 2, "->") == 0) return p + 2;
    size_t end = html_.find("--", p);
    while (end != std::string_view::npos) {
      if (html_.compare(end + 2, 1, ">") == 0) return end + 3;
      if (html_.compare(end + 2, 2, "!>") == 0) return end + 4;
      end = html_.find("--", end + 1);
    }
    return html_.size();
  }

  // Text of the current tag: a stretch of the document, or of `tag_` (a name
  // lowered, a value decoded). Kept as offsets until the tag is read, since
  // `tag_` may move while it fills: a reference can decode to more bytes
  // than it is written with ("&nGt;", 5 bytes, is 6 of UTF-8).
  struct Piece {
    bool in_tag_buffer = false;
    size_t pos = 0, len = 0;
  };

  std::string_view View(Piece piece) const {
    return (piece.in_tag_buffer ? std::string_view(tag_) : html_).substr(piece.pos, piece.len);
  }

  // The tag or attribute name starting at `p`, lower-cased into `tag_` when
  // it holds a capital; `*end` is set past it.
  Piece Name(size_t p, size_t* end, bool attribute) {
    const size_t n = html_.size();
    size_t q = p;
    bool upper = false;
    // An attribute name may begin with '=' ("<a =x>"); after that '=' ends it.
    if (attribute && q < n) {
      upper |= IsAsciiUpper(html_[q]);
      ++q;
    }
    while (q < n) {
      char c = html_[q];
      if (IsHtmlSpace(c) || c == '/' || c == '>' || (attribute && c == '=')) break;
      upper |= IsAsciiUpper(c);
      ++q;
    }
    *end = q;
    if (!upper) return {false, p, q - p};
    size_t at = tag_.size();
    for (size_t i = p; i < q; i++) tag_.push_back(AsciiLower(html_[i]));
    return {true, at, q - p};
  }

  size_t StartTag(size_t p) {
    const size_t n = html_.size();
    tag_.clear();
    pending_.clear();
    size_t q;
    Piece name = Name(p, &q, false);
    bool self_closing = false;
    for (;;) {
      while (q < n && (IsHtmlSpace(html_[q]) || html_[q] == '/')) {
        self_closing = html_[q] == '/';
        ++q;
      }
      if (q >= n) return n;  // cut off by the end: dropped
      if (html_[q] == '>') break;
      self_closing = false;
      Piece attribute = Name(q, &q, true);
      while (q < n && IsHtmlSpace(html_[q])) ++q;
      Piece value;
      if (q < n && html_[q] == '=') {
        ++q;
        while (q < n && IsHtmlSpace(html_[q])) ++q;
        if (q >= n) return n;
        size_t value_start = q;
        size_t value_end;
        if (html_[q] == '"' || html_[q] == '\'') {
          size_t close = html_.find(html_[q], q + 1);
          if (close == std::string_view::npos) return n;
          value_start = q + 1;
          value_end = close;
          q = close + 1;
        } else {
          while (q < n && !IsHtmlSpace(html_[q]) && html_[q] != '>') ++q;
          value_end = q;
        }
        if (pending_.size() < kMaxAttributes) value = Decoded(value_start, value_end);
      }
      if (pending_.size() < kMaxAttributes) pending_.push_back({attribute, value});
    }
    size_t after = q + 1;
    // `tag_` holds all it will for this tag: views into it are stable now.
    attributes_.clear();
    for (const auto& [attribute, value] : pending_) AddAttribute(View(attribute), View(value));
    std::string_view tag_name = View(name);
    sink_->StartTag(tag_name, attributes_, self_closing);
    return AfterStartTag(tag_name, after);
  }

  void AddAttribute(std::string_view name, std::string_view value) {
    for (const HtmlAttribute& a : attributes_) {
      if (a.name == name) return;  // the first of a repeated name counts
    }
    attributes_.push_back({name, value});
  }

  // An attribute value with its references decoded: a stretch of the
  // document when it has none.
  Piece Decoded(size_t begin, size_t end) {
    std::string_view raw = html_.substr(begin, end - begin);
    if (raw.find('&') == std::string_view::npos) return {false, begin, end - begin};
    size_t at = tag_.size();
    AppendDecoded(begin, end, kAttributeValue, &tag_);
    return {true, at, tag_.size() - at};
  }

  // How AppendDecoded reads a stretch of the document.
  enum TextKind {
    kAttributeValue,  // references decoded by the attribute-value rule; NUL kept
    kText,            // references decoded; NUL left out
    kRawText,         // as written (xmp, plaintext); NUL left out
  };

  // Appends html_[begin, end) to `out` read as `kind`. A reference cannot
  // reach past `end`.
  void AppendDecoded(size_t begin, size_t end, TextKind kind, std::string* out) const {
    std::string_view stretch = html_.substr(0, end);
    std::string_view specials = kind == kAttributeValue ? std::string_view("&")
                                : kind == kText         ? std::string_view("&\0", 2)
                                                        : std::string_view("\0", 1);
    for (size_t p = begin; p < end;) {
      size_t special = std::min(stretch.find_first_of(specials, p), end);
      out->append(html_.data() + p, special - p);
      if (special == end) break;
      if (html_[special] == '\0') {
        p = special + 1;
        continue;
      }
      size_t next = DecodeCharacterReference(stretch, special + 1, kind == kAttributeValue, out);
      if (next == special + 1) out->push_back('&');
      p = next;
    }
  }

  // Elements whose content is not markup: it runs to the element's own end
  // tag. Returns the position to go on from.
  size_t AfterStartTag(std::string_view name, size_t after) {
    enum { kNone, kRaw, kRawShown, kEscapable } kind = kNone;
    if (name == "script" || name == "style" || name == "iframe" || name == "noembed" || name == "noframes") {
      kind = kRaw;
    } else if (name == "xmp") {
      kind = kRawShown;
    } else if (name == "textarea" || name == "title") {
      kind = kEscapable;
    } else if (name == "plaintext") {
      EmitText(after, html_.size(), false);
      return html_.size();
    }
    if (kind == kNone) return after;
    size_t end = FindEndTag(name, after);
    if (kind != kRaw) EmitText(after, end, kind == kEscapable);
    if (end == html_.size()) return end;
    sink_->EndTag(name);
    return SkipPast('>', end + 2 + name.size());
  }

  // Where "</name" followed by white space, '/' or '>' begins, at or after
  // `from`; the end of the document when nowhere.
  size_t FindEndTag(std::string_view name, size_t from) const {
    const size_t n = html_.size();
    for (size_t at = html_.find("</", from); at != std::string_view::npos; at = html_.find("</", at + 2)) {
      size_t after = at + 2 + name.size();
      if (after > n) break;
      if (!EqualsIgnoreCase(html_.substr(at + 2, name.size()), name)) continue;
      if (after == n || IsHtmlSpace(html_[after]) || html_[after] == '/' || html_[after] == '>') return at;
    }
    return n;
  }

  size_t EndTag(size_t p) {
    tag_.clear();
    size_t q;
    std::string_view name = View(Name(p, &q, false));
    // Attributes of an end tag mean nothing; a '>' in a quoted one is rare
    // enough not to track.
    size_t gt = html_.find('>', q);
    if (gt == std::string_view::npos) return html_.size();  // cut off: dropped
    sink_->EndTag(name);
    return gt + 1;
  }

  // Hands html_[begin, end) to the sink as text, references decoded when
  // `decode`, NUL bytes left out.
  void EmitText(size_t begin, size_t end, bool decode) {
    if (begin >= end) return;
    std::string_view raw = html_.substr(begin, end - begin);
    bool has_nul = std::memchr(raw.data(), '\0', raw.size()) != nullptr;
    if (!has_nul && (!decode || raw.find('&') == std::string_view::npos)) {
      sink_->Text(raw);
      return;
    }
    text_.clear();
    AppendDecoded(begin, end, decode ? kText : kRawText, &text_);
    if (!text_.empty()) sink_->Text(text_);
  }

  std::string_view html_;
  HtmlTokenSink* sink_;
  std::string tag_;   // lower-cased names and decoded values of the current tag
  std::string text_;  // decoded text
  std::vector<std::pair<Piece, Piece>> pending_;  // the current tag's attributes, as read
  std::vector<HtmlAttribute> attributes_;
};

}  // namespace

size_t DecodeCharacterReference(std::string_view html, size_t pos, bool in_attribute, std::string* out) {
  if (pos >= html.size()) return pos;
  if (html[pos] == '#') return DecodeNumericReference(html, pos, out);
  size_t end = pos;
  while (end < html.size() && end - pos <= kLongestEntityName && IsAsciiAlnum(html[end])) ++end;
  if (end == pos) return pos;
  auto append = [out](const HtmlEntity& entity) {
    AppendCodePoint(entity.first, out);
    if (entity.second != 0) AppendCodePoint(entity.second, out);
  };
  if (end < html.size() && html[end] == ';') {
    if (const HtmlEntity* entity = FindHtmlEntity(html.substr(pos, end - pos))) {
      append(*entity);
      return end + 1;
    }
  }
  // Without ';' browsers still read HTML 4's Latin-1 names (and & < > "),
  // the longest that fits: "&copy2026" is "©2026", "&notit" is "¬it".
  for (size_t len = std::min(end - pos, kLongestLegacyEntityName); len >= 2; --len) {
    const HtmlEntity* entity = FindHtmlEntity(html.substr(pos, len));
    if (entity == nullptr || !entity->legacy) continue;
    size_t next = pos + len;
    // In an attribute, "&copy=1" and "&amplang" stay as written (URLs' query strings).
    if (in_attribute && next < html.size() && (IsAsciiAlnum(html[next]) || html[next] == '=')) return pos;
    append(*entity);
    return next;
  }
  return pos;
}

void TokenizeHtml(std::string_view html, HtmlTokenSink* sink) { Tokenizer(html, sink).Run(); }

}  // namespace ohm
