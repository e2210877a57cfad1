// HTML as a browser's tokenizer reads it (the HTML Living Standard's
// tokenization, cut to what rendering mail needs): start and end tags with
// their attributes, text with character references decoded, and nothing for
// comments, doctypes and processing instructions. It works in one pass over
// the bytes, jumps between '<' and '&' with memchr, and copies only what a
// character reference or a capital letter changes. libxml2's HTML parser,
// used before, decoded every character on its own and cost two thirds of
// ohm's message parse (BENCHMARKS.md, step 17).
#ifndef OHM_PARSE_HTML_TOKENIZER_H_
#define OHM_PARSE_HTML_TOKENIZER_H_

#include <span>
#include <string>
#include <string_view>

namespace ohm {

// HTML's white space between tokens: space, tab, LF, FF, CR (not the
// vertical tab, and not the no-break space).
constexpr bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// One attribute of a tag: the name in ASCII lower case, the value with its
// character references decoded ("" for an attribute written without one).
struct HtmlAttribute {
  std::string_view name;
  std::string_view value;
};

// Receives the tokens of a document in order. Views are valid only during
// the call.
class HtmlTokenSink {
 public:
  virtual ~HtmlTokenSink() = default;

  // A start tag: `name` in ASCII lower case; an attribute named twice keeps
  // its first value, as in browsers. `self_closing` is set for "<br/>".
  virtual void StartTag(std::string_view name, std::span<const HtmlAttribute> attributes, bool self_closing) = 0;

  // An end tag, `name` in ASCII lower case.
  virtual void EndTag(std::string_view name) = 0;

  // Text between tags, character references decoded, NUL bytes left out.
  // Content of script, style, iframe, noembed and noframes is not text a
  // reader sees and is not passed on; that of textarea, title and xmp is.
  virtual void Text(std::string_view text) = 0;
};

// Feeds the tokens of the UTF-8 document `html` to `sink`. Never fails: every
// byte sequence is some document. A tag cut off by the end of the input is
// dropped, as browsers drop it. Work is linear in the input; memory is a copy
// of at most one tag or one run of text.
void TokenizeHtml(std::string_view html, HtmlTokenSink* sink);

// Decodes the character reference that starts at html[pos] (just after a
// '&'), appending its UTF-8 to `out`, and returns the position after it; or
// returns `pos` and appends nothing when no reference starts there (a '&'
// that is just an ampersand). Numeric references outside Unicode, surrogates
// and NUL read as U+FFFD, and 0x80-0x9F as the Windows-1252 characters
// browsers show for them. Named references are the HTML standard's 2,125
// (parse/html_entities.h); the ';' may be left out of HTML 4's Latin-1 names,
// except in an attribute value (`in_attribute`) where the next character is
// a letter, digit or '='.
size_t DecodeCharacterReference(std::string_view html, size_t pos, bool in_attribute, std::string* out);

}  // namespace ohm

#endif  // OHM_PARSE_HTML_TOKENIZER_H_
