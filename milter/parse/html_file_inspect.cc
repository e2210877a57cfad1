#include "parse/html_file_inspect.h"

#include <string>

#include "core/ascii.h"
#include "parse/html_tokenizer.h"
#include "parse/script_url.h"

namespace ohm {

namespace {

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
      if (IsEventHandlerAttribute(attribute.name)) {
        found_ = "an event handler";
        return;
      }
      if (IsUrlAttribute(attribute.name) &&
          (IsScriptSchemeUrl(attribute.value) || IsDocumentDataUrl(attribute.value))) {
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
