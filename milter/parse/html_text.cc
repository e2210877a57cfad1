#include "parse/html_text.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "core/ascii.h"
#include "parse/html_tokenizer.h"
#include "parse/html_tree_builder.h"
#include "parse/script_url.h"
#include "parse/url_extract.h"

namespace ohm {

namespace {

// What an element means for rendering. The tokenizer hands element and
// attribute names over in lower case.
enum TagFlags : unsigned {
  kBlock = 1,      // starts and ends a line
  kInvisible = 2,  // content never shown (script, style, head, ...)
  kCell = 4,       // td/th: separated from the next cell by a space
  kLink = 8,       // a/area
  kImage = 16,
  kPre = 32,
  kBreak = 64,     // br
  kScript = 128,
  kForm = 256,
  kInput = 512,
};

// Every element of every HTML part comes through here, so the names are
// grouped by length: a tag is compared with at most a dozen of them.
unsigned TagFlagsOf(std::string_view tag) {
  struct Entry {
    std::string_view name;
    unsigned flags;
  };
  static constexpr Entry kLength1[] = {{"p", kBlock}, {"a", kLink}};
  static constexpr Entry kLength2[] = {
      {"td", kCell}, {"tr", kBlock}, {"br", kBreak}, {"li", kBlock}, {"h1", kBlock}, {"h2", kBlock},
      {"h3", kBlock}, {"h4", kBlock}, {"h5", kBlock}, {"h6", kBlock}, {"ul", kBlock}, {"ol", kBlock},
      {"th", kCell}, {"hr", kBlock}, {"dd", kBlock}, {"dl", kBlock}, {"dt", kBlock}};
  static constexpr Entry kLength3[] = {{"div", kBlock}, {"img", kImage}, {"pre", kBlock | kPre}, {"nav", kBlock}};
  static constexpr Entry kLength4[] = {
      {"body", kBlock}, {"head", kInvisible}, {"form", kBlock | kForm}, {"main", kBlock}, {"area", kLink}};
  static constexpr Entry kLength5[] = {
      {"table", kBlock}, {"tbody", kBlock}, {"style", kInvisible}, {"title", kInvisible}, {"input", kInput},
      {"thead", kBlock}, {"tfoot", kBlock}, {"aside", kBlock}};
  static constexpr Entry kLength6[] = {
      {"center", kBlock}, {"script", kInvisible | kScript}, {"header", kBlock}, {"footer", kBlock}, {"figure", kBlock}};
  static constexpr Entry kLength7[] = {{"section", kBlock}, {"article", kBlock}, {"address", kBlock},
                                       {"caption", kBlock}, {"details", kBlock}, {"summary", kBlock}};
  static constexpr Entry kLength8[] = {{"noscript", kInvisible}, {"template", kInvisible}, {"fieldset", kBlock}};
  static constexpr Entry kLength10[] = {{"blockquote", kBlock}, {"figcaption", kBlock}};
  auto find = [tag](const auto& entries) -> unsigned {
    for (const Entry& e : entries) {
      if (e.name == tag) return e.flags;
    }
    return 0;
  };
  switch (tag.size()) {
    case 1: return find(kLength1);
    case 2: return find(kLength2);
    case 3: return find(kLength3);
    case 4: return find(kLength4);
    case 5: return find(kLength5);
    case 6: return find(kLength6);
    case 7: return find(kLength7);
    case 8: return find(kLength8);
    case 10: return find(kLength10);
    default: return 0;
  }
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

// Collapses runs of white space (and newlines) into single spaces, trimmed.
std::string OneLine(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

using Attributes = std::span<const HtmlAttribute>;

std::optional<std::string_view> Attribute(Attributes attributes, std::string_view name) {
  for (const HtmlAttribute& a : attributes) {
    if (a.name == name) return a.value;
  }
  return std::nullopt;
}

// What an element's inline style and attributes say about showing its text.
struct Visibility {
  // display:none, visibility:hidden, opacity:0 or the hidden attribute: no
  // descendant can show text again (opacity multiplies; the others are not
  // undone in practice).
  bool hides = false;
  // font-size set to zero (+1), to something else (-1), or not set (0). Text
  // size is inherited and reset by descendants: layout templates put
  // font-size:0 on table cells (against gaps between inline blocks) and set a
  // size again inside, so only text whose nearest size is zero is hidden.
  int zero_font = 0;
};

// Reads `attributes`' style and hidden attribute. Declarations are read in
// place (every element of a newsletter has a style; no copy is made), names
// and keywords without regard to case or spaces, and the last declaration of
// a property wins. A zero is a "0" not followed by a decimal point or another
// digit, so "font-size:0.8em" and "opacity:0.5" show text.
Visibility VisibilityOf(Attributes attributes) {
  Visibility v;
  if (Attribute(attributes, "hidden")) v.hides = true;
  std::optional<std::string_view> style = Attribute(attributes, "style");
  if (!style) return v;
  auto is_zero = [](std::string_view value) {
    size_t zeros = 0;
    while (zeros < value.size() && value[zeros] == '0') ++zeros;
    if (zeros == 0) return false;
    return zeros == value.size() || (value[zeros] != '.' && !(value[zeros] >= '1' && value[zeros] <= '9'));
  };
  bool display_none = false, visibility_hidden = false, opacity_zero = false;
  std::string_view rest = *style;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view declaration = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = TrimAsciiSpace(declaration.substr(0, colon));
    std::string_view value = TrimAsciiSpace(declaration.substr(colon + 1));
    if (EqualsIgnoreCase(name, "display")) {
      display_none = StartsWithIgnoreCase(value, "none");
    } else if (EqualsIgnoreCase(name, "visibility")) {
      visibility_hidden = StartsWithIgnoreCase(value, "hidden");
    } else if (EqualsIgnoreCase(name, "opacity")) {
      opacity_zero = is_zero(value);
    } else if (EqualsIgnoreCase(name, "font-size")) {
      v.zero_font = is_zero(value) ? 1 : -1;
    }
  }
  if (display_none || visibility_hidden || opacity_zero) v.hides = true;
  return v;
}

// Receives the document's tree events (HtmlTreeBuilder closes implied
// elements the way browsers recover from broken markup) and writes what a
// reader would see. No tree is built: memory is the open-element stack and
// the output.
class Renderer final : public HtmlTreeSink {
 public:
  Renderer(size_t max_links, size_t max_images, HtmlContent* out)
      : max_links_(max_links), max_images_(max_images), out_(out) {}

  void Finish() {
    while (!stack_.empty()) CloseTop();
    std::string& text = out_->text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  }

  void Open(std::string_view name, Attributes attributes) override {
    Frame frame{TagFlagsOf(name)};
    ScanAttributes(attributes);
    unsigned f = frame.flags;
    if (f & kScript) out_->script_tags++;
    if (f & kForm) out_->forms++;
    if (f & kInput) {
      std::optional<std::string_view> type = Attribute(attributes, "type");
      if (type && StartsWithIgnoreCase(TrimAsciiSpace(*type), "password")) out_->password_fields++;
    }
    if (f & kInvisible) invisible_++;
    Visibility visibility = VisibilityOf(attributes);
    frame.hides = visibility.hides;
    if (frame.hides) hidden_++;
    frame.zero_font = visibility.zero_font != 0 ? visibility.zero_font > 0 : !stack_.empty() && stack_.back().zero_font;
    if (f & kPre) pre_++;
    if (f & (kBlock | kBreak)) NewLine();
    if (f & kCell) pending_space_ = true;
    if (f & kLink) frame.link = AddLink(attributes);
    if (f & kImage) AddImage(attributes);
    frame.text_start = out_->text.size();
    stack_.push_back(frame);
  }

  // The tree builder closes the innermost open element first.
  void Close(std::string_view) override {
    if (!stack_.empty()) CloseTop();
  }

  void Text(std::string_view t) override {
    const char* s = t.data();
    size_t len = t.size();
    if (invisible_ > 0) return;
    bool zero_font = !stack_.empty() && stack_.back().zero_font;
    if (hidden_ > 0 || zero_font) {
      // Not shown, so not in the text; counted, since text hidden in a
      // message is meant for filters, not for its reader.
      size_t chars = 0;
      for (size_t i = 0; i < len; i++) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        chars += c > 0x20 && (c & 0xC0) != 0x80;
      }
      out_->hidden_text_chars += chars;
      if (hidden_ == 0) out_->zero_font_text_chars += chars;
      // The first words of it, so the verdict can show what was hidden.
      std::string& sample = hidden_ == 0 ? out_->zero_font_text_sample : out_->hidden_text_sample;
      if (chars > 0 && sample.size() < kHiddenTextSampleBytes) {
        if (!sample.empty()) sample.push_back(' ');
        sample += OneLine(std::string_view(s, std::min(len, 2 * kHiddenTextSampleBytes)));
      }
      return;
    }
    std::string& text = out_->text;
    if (pre_ > 0) {
      text.append(s, len);
      pending_space_ = false;
      return;
    }
    // White space (a no-break space too) collapses to one space between
    // words; each word is appended whole.
    auto space_at = [s, len](size_t i) -> size_t {  // bytes of white space at s[i], 0 if none
      char c = s[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return 1;
      return static_cast<unsigned char>(c) == 0xC2 && i + 1 < len && static_cast<unsigned char>(s[i + 1]) == 0xA0 ? 2 : 0;
    };
    size_t i = 0;
    while (i < len) {
      size_t word_end = i;
      while (word_end < len && space_at(word_end) == 0) ++word_end;
      if (word_end > i) {
        if (pending_space_ && !text.empty() && text.back() != ' ' && text.back() != '\n') text.push_back(' ');
        pending_space_ = false;
        text.append(s + i, word_end - i);
      }
      i = word_end;
      while (i < len) {
        size_t n = space_at(i);
        if (n == 0) break;
        i += n;
        pending_space_ = true;
      }
    }
  }

 private:
  struct Frame {
    unsigned flags = 0;
    size_t link = SIZE_MAX;  // index in out_->links of this <a>, if recorded
    size_t text_start = 0;
    bool hides = false;      // its style or hidden attribute hides its content
    bool zero_font = false;  // its text size, set or inherited, is zero
  };

  void CloseTop() {
    const Frame& frame = stack_.back();
    if (frame.flags & kInvisible) invisible_--;
    if (frame.hides) hidden_--;
    if (frame.flags & kPre) pre_--;
    if (frame.link != SIZE_MAX) {
      // NewLine keeps text_start within the text; the bound is kept here too,
      // since substr past the end throws and would end the milter
      // ("<pre> <a href><p>", found by fuzzing, see NewLine).
      size_t start = std::min(frame.text_start, out_->text.size());
      out_->links[frame.link].text = OneLine(std::string_view(out_->text).substr(start));
    }
    if (frame.flags & kBlock) NewLine();
    stack_.pop_back();
  }

  void ScanAttributes(Attributes attributes) {
    for (const HtmlAttribute& a : attributes) {
      if (IsEventHandlerAttribute(a.name)) out_->event_handlers++;
      if (IsUrlAttribute(a.name) && IsScriptSchemeUrl(a.value)) out_->javascript_urls++;
    }
  }

  size_t AddLink(Attributes attributes) {
    std::optional<std::string_view> href = Attribute(attributes, "href");
    if (!href) return SIZE_MAX;  // a named anchor, not a link
    if (out_->links.size() >= max_links_) {
      out_->link_limit_hit = true;
      return SIZE_MAX;
    }
    Link link;
    link.href.assign(TrimAsciiSpace(*href));
    link.host = UrlHost(link.href);
    link.from_html = true;
    out_->links.push_back(std::move(link));
    return out_->links.size() - 1;
  }

  void AddImage(Attributes attributes) {
    std::optional<std::string_view> src = Attribute(attributes, "src");
    if (!src) return;
    if (out_->images.size() >= max_images_) {
      out_->image_limit_hit = true;
      return;
    }
    Image image;
    image.src.assign(TrimAsciiSpace(*src));
    if (std::optional<std::string_view> alt = Attribute(attributes, "alt")) {
      image.has_alt = true;
      image.alt = *alt;
    }
    image.remote = StartsWithIgnoreCase(image.src, "http://") || StartsWithIgnoreCase(image.src, "https://") ||
                   StartsWithIgnoreCase(image.src, "//");
    out_->images.push_back(std::move(image));
  }

  void NewLine() {
    std::string& text = out_->text;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    // The trim may reach back before where open elements began (in <pre>,
    // "x  <a href><div>"): their text now starts where the trim ended. Frames
    // start in increasing order, so only the top ones can be affected.
    for (auto f = stack_.rbegin(); f != stack_.rend() && f->text_start > text.size(); ++f) {
      f->text_start = text.size();
    }
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
    pending_space_ = false;
  }

  size_t max_links_;
  size_t max_images_;
  HtmlContent* out_;
  std::vector<Frame> stack_;
  int invisible_ = 0;  // open elements whose content is not shown
  int hidden_ = 0;     // open elements that hide their content by style
  int pre_ = 0;        // open <pre> elements
  bool pending_space_ = false;
};

}  // namespace

HtmlContent RenderHtml(std::string_view html, size_t max_links, size_t max_images) {
  HtmlContent content;
  Renderer renderer(max_links, max_images, &content);
  HtmlTreeBuilder tree(&renderer);
  TokenizeHtml(html, &tree);
  tree.Finish();
  renderer.Finish();
  return content;
}

}  // namespace ohm
