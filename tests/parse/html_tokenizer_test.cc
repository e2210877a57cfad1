#include "parse/html_tokenizer.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

// Writes the tokens back as text: <name a="v"/> for a start tag (the '/'
// only when self-closing), </name>, and [text].
class Recorder final : public HtmlTokenSink {
 public:
  void StartTag(std::string_view name, std::span<const HtmlAttribute> attributes, bool self_closing) override {
    out += "<" + std::string(name);
    for (const HtmlAttribute& a : attributes) out += " " + std::string(a.name) + "=\"" + std::string(a.value) + "\"";
    out += self_closing ? "/>" : ">";
    attribute_count = attributes.size();
  }
  void EndTag(std::string_view name) override { out += "</" + std::string(name) + ">"; }
  void Text(std::string_view text) override { out += "[" + std::string(text) + "]"; }
  std::string out;
  size_t attribute_count = 0;
};

std::string Tokens(std::string_view html) {
  Recorder r;
  TokenizeHtml(html, &r);
  return r.out;
}

std::string Decoded(std::string_view text) {
  Recorder r;
  TokenizeHtml(text, &r);
  // Only text: strip the brackets.
  std::string s = r.out;
  std::string joined;
  bool in = false;
  for (char c : s) {
    if (c == '[' && !in) { in = true; continue; }
    if (c == ']' && in) { in = false; continue; }
    if (in) joined += c;
  }
  return joined;
}

TEST_CASE("tags, attributes and text") {
  CHECK(Tokens("<P Class=Big>Hi <B>there</B></p>") == "<p class=\"Big\">[Hi ]<b>[there]</b></p>");
  CHECK(Tokens("<a href='x' title=\"a b\" hidden data-x=1 >t</a>") ==
        "<a href=\"x\" title=\"a b\" hidden=\"\" data-x=\"1\">[t]</a>");
  // A repeated attribute keeps its first value, as in browsers.
  CHECK(Tokens("<img src=a SRC=b alt = 'c'>") == "<img src=\"a\" alt=\"c\">");
  CHECK(Tokens("<br/><img src=x />") == "<br/><img src=\"x\"/>");
  CHECK(Tokens("<a href=x/>") == "<a href=\"x/\">");  // an unquoted value takes the '/'
  CHECK(Tokens("</div foo=\"1\">") == "</div>");
}

TEST_CASE("markup that is not a tag") {
  CHECK(Tokens("a < b and c<3") == "[a < b and c<3]");
  CHECK(Tokens("x<") == "[x<]");
  CHECK(Tokens("x</") == "[x</]");
  CHECK(Tokens("a<!-- hidden <b>bold</b> -->b") == "[a][b]");
  CHECK(Tokens("a<!-->b<!--->c") == "[a][b][c]");
  CHECK(Tokens("a<!-- x --!>b") == "[a][b]");
  // An unclosed comment hides the rest of the document, as in a browser.
  CHECK(Tokens("a<!-- never closed <p>text") == "[a]");
  // "<![CDATA[" outside SVG and MathML is a bogus comment, to the first ">".
  CHECK(Tokens("<!DOCTYPE html><?xml version=\"1.0\"?><![CDATA[x]]>t") == "[t]");
  CHECK(Tokens("a</3>b</ x>c</>d") == "[a][b][c][d]");
  // Outlook's conditional comments: what is inside is a comment.
  CHECK(Tokens("<!--[if mso]><table><![endif]-->shown") == "[shown]");
}

TEST_CASE("a tag cut off by the end of the input is dropped") {
  CHECK(Tokens("text<a href=\"x") == "[text]");
  CHECK(Tokens("text<div class=") == "[text]");
  CHECK(Tokens("text</div") == "[text]");
}

TEST_CASE("script, style and other raw text") {
  CHECK(Tokens("<script>if (a<b) x='</div>';</SCRIPT >after") == "<script></script>[after]");
  CHECK(Tokens("<style>p{}</stylex></style>x") == "<style></style>[x]");
  CHECK(Tokens("<title>A &amp; <b>B</b></title>") == "<title>[A & <b>B</b>]</title>");
  CHECK(Tokens("<textarea>&lt;x&gt;</textarea>") == "<textarea>[<x>]</textarea>");
  CHECK(Tokens("<xmp><b>&amp;</b></xmp>") == "<xmp>[<b>&amp;</b>]</xmp>");
  CHECK(Tokens("<iframe><p>fallback</p></iframe>y") == "<iframe></iframe>[y]");
  CHECK(Tokens("<plaintext><b>all</b>") == "<plaintext>[<b>all</b>]");
  // Unclosed: the rest is the element's content.
  CHECK(Tokens("<script>var x; <p>never shown") == "<script>");
}

TEST_CASE("character references") {
  CHECK(Decoded("caf&eacute; &amp; &lt;b&gt; &quot;q&quot; &apos;") == "caf\xc3\xa9 & <b> \"q\" '");
  CHECK(Decoded("&#65;&#x42;&#X43;&#0068") == "ABCD");
  // HTML's references to 0x80-0x9F are Windows-1252's characters.
  CHECK(Decoded("&#150;&#153;&#x80;") == "\xe2\x80\x93\xe2\x84\xa2\xe2\x82\xac");
  // NUL, surrogates and code points past Unicode read as U+FFFD.
  CHECK(Decoded("&#0;&#xD800;&#x110000;&#99999999999;") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  // The HTML standard's names, not only HTML 4's: styled letters by reference.
  CHECK(Decoded("&Fopf;&Ropf;&Eopf;&Eopf;") == "\xf0\x9d\x94\xbd\xe2\x84\x9d\xf0\x9d\x94\xbc\xf0\x9d\x94\xbc");
  CHECK(Decoded("&NotEqualTilde;") == "\xe2\x89\x82\xcc\xb8");  // two code points
  // Without ';': HTML 4's Latin-1 names only, the longest that fits.
  CHECK(Decoded("&copy2026 &notit &ampx") == "\xc2\xa9" "2026 \xc2\xacit &x");
  CHECK(Decoded("&Fopf &hellip &bogus; & &# &#x; AT&T") == "&Fopf &hellip &bogus; & &# &#x; AT&T");
  CHECK(Decoded(std::string("a\0b&#0", 6)) == "ab\xef\xbf\xbd");
}

TEST_CASE("character references in attribute values") {
  CHECK(Tokens("<a href=\"/?a=1&amp;b=2&copy=3&amplang=x&lt=1&gt;\">") ==
        "<a href=\"/?a=1&b=2&copy=3&amplang=x&lt=1>\">");
  CHECK(Tokens("<a title=\"&copy 2026\">") == "<a title=\"\xc2\xa9 2026\">");
  CHECK(Tokens("<a href=\"java&#9;script:x\">") == "<a href=\"java\tscript:x\">");
}

TEST_CASE("decoded values longer than their text") {
  // "&nGt;" is 5 bytes and decodes to 6: the tag's buffer outgrows the tag.
  std::string refs, decoded;
  for (int i = 0; i < 1000; i++) {
    refs += "&nGt;";
    decoded += "\xe2\x89\xab\xe2\x83\x92";
  }
  CHECK(Tokens("<A TITLE=\"" + refs + "\" ALT='" + refs + "'>") ==
        "<a title=\"" + decoded + "\" alt=\"" + decoded + "\">");
}

TEST_CASE("a tag's attributes are bounded") {
  std::string html = "<div";
  for (int i = 0; i < 300; i++) html += " a" + std::to_string(i) + "=x";
  html += ">t</div>";
  Recorder r;
  TokenizeHtml(html, &r);
  CHECK(r.attribute_count == 128);
  CHECK(r.out.find("[t]</div>") != std::string::npos);
}

TEST_CASE("DecodeCharacterReference reports where the reference ends") {
  std::string out;
  CHECK(DecodeCharacterReference("&amp;rest", 1, false, &out) == 5);
  CHECK(out == "&");
  out.clear();
  CHECK(DecodeCharacterReference("&nothing", 1, false, &out) == 4);  // "&not" + "hing"
  CHECK(out == "\xc2\xac");
  out.clear();
  CHECK(DecodeCharacterReference("&nothing", 1, true, &out) == 1);  // not in an attribute value
  CHECK(out.empty());
  CHECK(DecodeCharacterReference("&", 1, false, &out) == 1);
}

}  // namespace
}  // namespace ohm
