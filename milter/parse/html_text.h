// HTML mail as its reader sees it: the visible text, the links with the text
// shown for them, the images, and the active content a mail client should
// never receive (scripts, event handlers, javascript: URLs, forms), and text
// hidden from the reader. The document goes through ohm's own tokenizer and
// tree rules (html_tokenizer.h, html_tree_builder.h), which recover from
// broken markup as browsers do and build no tree; libxml2's HTML parser,
// used before, cost five times as much for the same output.
#ifndef OHM_PARSE_HTML_TEXT_H_
#define OHM_PARSE_HTML_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parsed_message.h"

namespace ohm {

constexpr size_t kHiddenTextSampleBytes = 64;

struct HtmlContent {
  // Visible text: script, style, head, title, noscript and template content
  // and text hidden by inline style left out, white space collapsed, block elements and <br> on lines of their
  // own, table cells separated by a space, <pre> kept as written.
  std::string text;
  std::vector<Link> links;    // <a href> and <area href>, from_html=true, in document order
  std::vector<Image> images;  // <img> with a src attribute
  size_t script_tags = 0;     // <script> elements
  size_t event_handlers = 0;  // attributes named on* (onclick, onload, ...)
  size_t javascript_urls = 0;  // href/src/action-like attributes holding javascript: or vbscript: URLs
  size_t forms = 0;            // <form> elements
  size_t password_fields = 0;  // <input type=password>
  // Non-blank characters of text inside elements whose inline style or hidden
  // attribute hides them (display:none, visibility:hidden, font-size:0,
  // opacity:0); that text is not in `text`.
  size_t hidden_text_chars = 0;
  // Of those, the characters hidden only by a zero font size: the trick that
  // splits a word for filters while the reader sees it whole
  // ("fi<span style='font-size:0'>le </span>sh..." reads "fish").
  size_t zero_font_text_chars = 0;
  // The start of each kind of hidden text (white space collapsed), about
  // kHiddenTextSampleBytes of it, for the verdict.
  std::string hidden_text_sample, zero_font_text_sample;
  bool link_limit_hit = false;   // links beyond max_links were left out
  bool image_limit_hit = false;  // images beyond max_images were left out
};

// Renders the UTF-8 document `html`, keeping at most `max_links` links and
// `max_images` images. Memory is bounded by a small multiple of the input size;
// nesting depth is not limited and costs no stack.
HtmlContent RenderHtml(std::string_view html, size_t max_links, size_t max_images);

}  // namespace ohm

#endif  // OHM_PARSE_HTML_TEXT_H_
