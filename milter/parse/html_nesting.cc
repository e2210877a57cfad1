#include "parse/html_nesting.h"

#include "core/ascii.h"

namespace ohm {

namespace {

// Tags that never hold children, or whose start closes an open sibling.
// Sorted by length so that a tag is compared with few names (this runs on
// every tag of every HTML part).
bool IsNonNesting(std::string_view n) {
  switch (n.size()) {
    case 1: return n[0] == 'p';
    case 2: return n == "br" || n == "hr" || n == "li" || n == "td" || n == "th" || n == "tr" || n == "dt" || n == "dd";
    case 3: return n == "col" || n == "img" || n == "wbr";
    case 4: return n == "area" || n == "base" || n == "link" || n == "meta";
    case 5: return n == "embed" || n == "input" || n == "param" || n == "track";
    case 6: return n == "source" || n == "option";
    default: return false;
  }
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
    if (html[p] == '!' && html.compare(p, 3, "!--") == 0) {
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
