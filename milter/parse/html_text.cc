#include "parse/html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "parse/url_extract.h"

namespace ohm {

namespace {

// gumbo frees its tree recursively, so a document nested a few hundred
// thousand elements deep would overflow the stack in gumbo_destroy_output.
// Every gumbo allocation goes to this arena instead; the arena is released
// in one go and gumbo_destroy_output is never called. It is also faster than
// malloc/free for gumbo's many small allocations.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (void* block : blocks_) std::free(block);
  }

  void* Allocate(size_t size) {
    size = (size + 15) & ~size_t{15};
    if (size > kBlockSize / 4) return NewBlock(size);  // large: a block of its own
    if (size > left_) {
      next_ = static_cast<char*>(NewBlock(kBlockSize));
      left_ = kBlockSize;
    }
    void* result = next_;
    next_ += size;
    left_ -= size;
    return result;
  }

  static void* GumboAllocate(void* arena, size_t size) { return static_cast<Arena*>(arena)->Allocate(size); }
  static void GumboDeallocate(void*, void*) {}

 private:
  static constexpr size_t kBlockSize = 64 * 1024;

  void* NewBlock(size_t size) {
    void* block = std::malloc(size);
    // gumbo cannot handle a failed allocation, and an exception must not
    // unwind through its C frames.
    if (block == nullptr) std::abort();
    blocks_.push_back(block);
    return block;
  }

  std::vector<void*> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

// Elements whose content a mail reader never shows.
bool IsInvisibleTag(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD ||
         tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE;
}

// Attributes whose value a client loads or follows as a URL.
bool IsUrlAttribute(const char* name) {
  static constexpr const char* kNames[] = {"href", "src", "action", "formaction", "background",
                                           "lowsrc", "dynsrc", "data", "poster"};
  for (const char* n : kNames) {
    if (std::strcmp(name, n) == 0) return true;
  }
  return false;
}

// Browsers ignore leading white space and embedded tabs and newlines in URLs,
// which is how "java&#9;script:" gets past naive filters.
bool IsJavascriptUrl(const char* value) {
  static constexpr char kScheme[] = "javascript:";
  size_t matched = 0;
  for (const char* p = value; *p != '\0' && matched < sizeof(kScheme) - 1; p++) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == '\t' || c == '\n' || c == '\r' || (matched == 0 && c <= 0x20)) continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c != static_cast<unsigned char>(kScheme[matched])) return false;
    matched++;
  }
  return matched == sizeof(kScheme) - 1;
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
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

// Walks the tree depth-first with an explicit stack and writes what a reader
// would see.
class Renderer {
 public:
  Renderer(size_t max_links, size_t max_images, HtmlContent* out)
      : max_links_(max_links), max_images_(max_images), out_(out) {}

  void Render(const GumboNode* root) {
    Enter(root);
    while (!stack_.empty()) {
      Frame& top = stack_.back();
      const GumboVector* children = Children(top.node);
      if (children != nullptr && top.next < children->length) {
        const GumboNode* child = static_cast<const GumboNode*>(children->data[top.next++]);
        if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) {
          Enter(child);
        } else if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
                   child->type == GUMBO_NODE_CDATA) {
          if (invisible_ == 0) AppendText(child->v.text.text);
        }
        continue;
      }
      Leave(top);
      stack_.pop_back();
    }
    while (!out_->text.empty() && (out_->text.back() == ' ' || out_->text.back() == '\n')) out_->text.pop_back();
  }

 private:
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;
    size_t link = SIZE_MAX;  // index in out_->links of this <a>, if recorded
    size_t text_start = 0;
  };

  static const GumboVector* Children(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) return &node->v.element.children;
    return nullptr;
  }

  static GumboTag TagOf(const GumboNode* node) {
    return (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) ? node->v.element.tag
                                                                                   : GUMBO_TAG_UNKNOWN;
  }

  void Enter(const GumboNode* node) {
    Frame frame{node};
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& element = node->v.element;
      ScanAttributes(element.attributes);
      GumboTag tag = element.tag;
      if (tag == GUMBO_TAG_SCRIPT) out_->script_tags++;
      if (IsInvisibleTag(tag) || node->type == GUMBO_NODE_TEMPLATE) invisible_++;
      if (tag == GUMBO_TAG_PRE) pre_++;
      if (IsBlockTag(tag) || tag == GUMBO_TAG_BR) NewLine();
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) pending_space_ = true;
      if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_AREA) frame.link = AddLink(element.attributes);
      if (tag == GUMBO_TAG_IMG) AddImage(element.attributes);
      frame.text_start = out_->text.size();
    }
    stack_.push_back(frame);
  }

  void Leave(const Frame& frame) {
    const GumboNode* node = frame.node;
    GumboTag tag = TagOf(node);
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    if (IsInvisibleTag(tag) || node->type == GUMBO_NODE_TEMPLATE) invisible_--;
    if (tag == GUMBO_TAG_PRE) pre_--;
    if (frame.link != SIZE_MAX) {
      // NewLine keeps text_start within the text; the bound is kept here too,
      // since substr past the end throws and would end the milter
      // ("<pre> <a href><p>", found by fuzzing, see NewLine).
      size_t start = std::min(frame.text_start, out_->text.size());
      out_->links[frame.link].text = OneLine(std::string_view(out_->text).substr(start));
    }
    if (IsBlockTag(tag)) NewLine();
  }

  void ScanAttributes(const GumboVector& attributes) {
    for (unsigned i = 0; i < attributes.length; i++) {
      const GumboAttribute* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
      const char* name = attr->name;
      if (name[0] == 'o' && name[1] == 'n' && name[2] != '\0') out_->event_handlers++;
      if (IsUrlAttribute(name) && IsJavascriptUrl(attr->value)) out_->javascript_urls++;
    }
  }

  size_t AddLink(const GumboVector& attributes) {
    const GumboAttribute* href = gumbo_get_attribute(&attributes, "href");
    if (href == nullptr) return SIZE_MAX;  // a named anchor, not a link
    if (out_->links.size() >= max_links_) {
      out_->link_limit_hit = true;
      return SIZE_MAX;
    }
    Link link;
    link.href.assign(TrimAsciiSpace(href->value));
    link.host = UrlHost(link.href);
    link.from_html = true;
    out_->links.push_back(std::move(link));
    return out_->links.size() - 1;
  }

  void AddImage(const GumboVector& attributes) {
    const GumboAttribute* src = gumbo_get_attribute(&attributes, "src");
    if (src == nullptr) return;
    if (out_->images.size() >= max_images_) {
      out_->image_limit_hit = true;
      return;
    }
    Image image;
    image.src.assign(TrimAsciiSpace(src->value));
    if (const GumboAttribute* alt = gumbo_get_attribute(&attributes, "alt")) {
      image.has_alt = true;
      image.alt = alt->value;
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

  void AppendText(const char* s) {
    std::string& text = out_->text;
    if (pre_ > 0) {
      text.append(s);
      pending_space_ = false;
      return;
    }
    for (const char* p = s; *p != '\0'; p++) {
      char c = *p;
      bool nbsp = static_cast<unsigned char>(c) == 0xC2 && static_cast<unsigned char>(p[1]) == 0xA0;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
        if (nbsp) p++;
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !text.empty() && text.back() != ' ' && text.back() != '\n') text.push_back(' ');
      pending_space_ = false;
      text.push_back(c);
    }
  }

  size_t max_links_;
  size_t max_images_;
  HtmlContent* out_;
  std::vector<Frame> stack_;
  int invisible_ = 0;  // open elements whose content is not shown
  int pre_ = 0;        // open <pre> elements
  bool pending_space_ = false;
};

}  // namespace

HtmlContent RenderHtml(std::string_view html, size_t max_links, size_t max_images) {
  HtmlContent content;
  Arena arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::GumboAllocate;
  options.deallocator = &Arena::GumboDeallocate;
  options.userdata = &arena;
  options.max_errors = 0;  // parse errors are not used; don't collect them
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  Renderer(max_links, max_images, &content).Render(output->document);
  return content;
}

}  // namespace ohm
