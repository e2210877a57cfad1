// A bound on HTML nesting, applied before the HTML parser sees a document.
// HTML parsers decide which open elements a tag closes by walking their stack
// of open elements, so the cost grows with (elements x depth): with gumbo,
// 100,000 nested <div>s took half a minute. Real mail nests a few dozen levels; deeper is an attack on the
// milter, and what lies past the bound is not worth rendering.
#ifndef OHM_PARSE_HTML_NESTING_H_
#define OHM_PARSE_HTML_NESTING_H_

#include <cstddef>
#include <string_view>

namespace ohm {

// Scans `html` as a tokenizer would, cheaply and in one pass, keeping an
// estimate of the open-element depth: start tags push, end tags pop; void
// elements, self-closing tags, comments, and elements whose start implies
// the end of a sibling (p, li, td, th, tr, dt, dd, option) do not count, so
// sloppy but ordinary markup does not inflate the estimate. Returns the byte
// offset of the first start tag that takes the estimate past `max_depth`, or
// html.size() when it never does.
size_t HtmlNestingCut(std::string_view html, size_t max_depth);

}  // namespace ohm

#endif  // OHM_PARSE_HTML_NESTING_H_
