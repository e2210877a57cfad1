#include "parse/html_file_inspect.h"

#include <string>

#include "core/ascii.h"
#include "parse/html_tokenizer.h"

namespace ohm {

namespace {

// A URL whose scheme runs script when followed: "javascript:", or a data: URL
// of an HTML document, which a browser opens as a page. Browsers skip leading
// blanks and control characters, and tabs and newlines anywhere in the scheme.
bool IsScriptUrl(std::string_view url) {
  std::string scheme;
  for (char c : url) {
    if (c == ':') break;
    if (static_cast<unsigned char>(c) <= ' ') continue;
    scheme.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    if (scheme.size() > 10) return false;
  }
  if (scheme == "javascript" || scheme == "vbscript") return true;
  if (scheme != "data") return false;
  size_t colon = url.find(':');
  std::string_view rest = url.substr(colon + 1);
  while (!rest.empty() && static_cast<unsigned char>(rest.front()) <= ' ') rest.remove_prefix(1);
  return rest.size() >= 9 && (EqualsIgnoreCase(rest.substr(0, 9), "text/html") ||
                              (rest.size() >= 13 && EqualsIgnoreCase(rest.substr(0, 13), "image/svg+xml")));
}

class ActivitySink : public HtmlTokenSink {
 public:
  std::string_view found() const { return found_; }

  void StartTag(std::string_view name, std::span<const HtmlAttribute> attributes, bool /*self_closing*/) override {
    if (!found_.empty()) return;
    if (name == "script") {
      found_ = "a script";
    } else if (name == "form") {
      found_ = "a form";
    } else if (name == "iframe" || name == "frame" || name == "object" || name == "embed") {
      found_ = "a frame or embedded object";
    } else if (name == "meta" && IsRefresh(attributes)) {
      found_ = "an automatic redirect";
    }
    if (!found_.empty()) return;
    for (const HtmlAttribute& attribute : attributes) {
      if (attribute.name.size() > 2 && attribute.name.substr(0, 2) == "on") {
        found_ = "an event handler";
        return;
      }
      bool url_attribute = attribute.name == "href" || attribute.name == "src" || attribute.name == "action" ||
                           attribute.name == "xlink:href" || attribute.name == "formaction";
      if (url_attribute && IsScriptUrl(attribute.value)) {
        found_ = "a javascript: link";
        return;
      }
    }
  }
  void EndTag(std::string_view /*name*/) override {}
  void Text(std::string_view /*text*/) override {}

 private:
  static bool IsRefresh(std::span<const HtmlAttribute> attributes) {
    for (const HtmlAttribute& attribute : attributes) {
      if (attribute.name == "http-equiv" && EqualsIgnoreCase(Trimmed(attribute.value), "refresh")) return true;
    }
    return false;
  }
  static std::string_view Trimmed(std::string_view s) {
    while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
    return s;
  }

  std::string_view found_;
};

}  // namespace

bool IsHtmlFile(std::string_view content_type, std::string_view filename) {
  if (content_type == "text/html" || content_type == "application/xhtml+xml" || content_type == "image/svg+xml") {
    return true;
  }
  for (std::string_view ending : {".htm", ".html", ".shtml", ".xhtml", ".svg", ".mht", ".mhtml"}) {
    if (EndsWithIgnoreCase(filename, ending)) return true;
  }
  return false;
}

std::string_view ActiveHtmlContent(std::string_view html) {
  ActivitySink sink;
  TokenizeHtml(html, &sink);
  return sink.found();
}

}  // namespace ohm
