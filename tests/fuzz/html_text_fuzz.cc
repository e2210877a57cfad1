// Fuzz target: HTML as a mail client renders it. The nesting bound is applied
// first, as the parser does, then the tokenizer, tree rules and renderer make
// text, links and images. Checked on every input: the tree rules' events are
// balanced (each close matches the innermost open element, none is left
// open, at most HtmlTreeBuilder::kMaxOpenElements are open) and carry no NUL;
// valid UTF-8 in gives valid UTF-8 text and link texts out; read as an
// attached file, the input is passive or names one of the active kinds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "parse/html_file_inspect.h"
#include "parse/html_nesting.h"
#include "parse/html_text.h"
#include "parse/html_tokenizer.h"
#include "parse/html_tree_builder.h"
#include "rules/phrase_list.h"

namespace {

class BalanceCheck final : public ohm::HtmlTreeSink {
 public:
  void Open(std::string_view name, std::span<const ohm::HtmlAttribute>) override {
    open_.emplace_back(name);
    if (open_.size() > ohm::HtmlTreeBuilder::kMaxOpenElements + 1) __builtin_trap();
  }
  void Close(std::string_view name) override {
    if (open_.empty() || open_.back() != name) __builtin_trap();
    open_.pop_back();
  }
  void Text(std::string_view text) override {
    if (text.empty() || text.find('\0') != std::string_view::npos) __builtin_trap();
  }
  bool Balanced() const { return open_.empty(); }

 private:
  std::vector<std::string> open_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html = ohm::AsText(data, size);
  size_t cut = ohm::HtmlNestingCut(html, 64);
  if (cut > html.size()) __builtin_trap();
  ohm::HtmlContent content = ohm::RenderHtml(html.substr(0, cut), 20, 20);
  if (content.links.size() > 20 || content.images.size() > 20) __builtin_trap();

  BalanceCheck check;
  ohm::HtmlTreeBuilder tree(&check);
  ohm::TokenizeHtml(html, &tree);
  tree.Finish();
  if (!check.Balanced()) __builtin_trap();

  // The same bytes as an attached file: what it runs is one of the named kinds.
  std::string_view active = ohm::ActiveHtmlContent(html);
  if (!active.empty() && active != "a script" && active != "a form" && active != "an automatic redirect" &&
      active != "a frame or embedded object" && active != "an event handler" && active != "a javascript: link") {
    __builtin_trap();
  }

  if (ohm::IsValidUtf8(html)) {
    if (!ohm::IsValidUtf8(content.text)) __builtin_trap();
    for (const ohm::Link& link : content.links) {
      if (!ohm::IsValidUtf8(link.text)) __builtin_trap();
    }
  }
  return 0;
}
