// Fuzz target: HTML as a mail client renders it. The nesting bound is applied
// first, as the parser does, then the tokenizer, tree rules and renderer make
// text, links and images.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "parse/html_nesting.h"
#include "parse/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html = ohm::AsText(data, size);
  size_t cut = ohm::HtmlNestingCut(html, 64);
  if (cut > html.size()) __builtin_trap();
  ohm::HtmlContent content = ohm::RenderHtml(html.substr(0, cut), 20, 20);
  if (content.links.size() > 20 || content.images.size() > 20) __builtin_trap();
  return 0;
}
