#include "parse/html_nesting.h"

#include <array>

#include "core/ascii.h"

namespace ohm {

namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }


// Tags that never hold children, or whose start closes an open sibling.
bool IsNonNesting(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 22> kNames = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option"};
  for (std::string_view n : kNames) {
    if (n == lower_name) return true;
  }
  return false;
}

}  // namespace

size_t HtmlNestingCut(std::string_view html, size_t max_depth) {
  size_t depth = 0;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    size_t p = lt + 1;
    if (html.compare(p, 3, "!--") == 0) {
      size_t end = html.find("-->", p + 3);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    bool closing = html[p] == '/';
    if (closing) ++p;
    if (p >= n || !IsAsciiAlpha(html[p])) {
      i = p;
      continue;
    }
    char name[16];
    size_t len = 0;
    while (p < n && html[p] != '>' && html[p] != '/' && static_cast<unsigned char>(html[p]) > 0x20) {
      if (len < sizeof name) name[len] = AsciiLower(html[p]);
      ++len;
      ++p;
    }
    size_t gt = html.find('>', p);
    if (gt == std::string_view::npos) break;
    std::string_view tag(name, len < sizeof name ? len : sizeof name);
    bool self_closing = gt > 0 && html[gt - 1] == '/';
    if (!IsNonNesting(tag) && !self_closing) {
      if (closing) {
        if (depth > 0) --depth;
      } else if (++depth > max_depth) {
        return lt;
      }
    }
    i = gt + 1;
  }
  return n;
}

}  // namespace ohm
