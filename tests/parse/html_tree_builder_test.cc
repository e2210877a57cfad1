#include "parse/html_tree_builder.h"

#include <doctest/doctest.h>

#include <string>

namespace ohm {
namespace {

// Writes the tree events back as balanced markup.
class TreeRecorder final : public HtmlTreeSink {
 public:
  void Open(std::string_view name, std::span<const HtmlAttribute>) override {
    out += "<" + std::string(name) + ">";
    depth++;
    max_depth = std::max(max_depth, depth);
  }
  void Close(std::string_view name) override {
    out += "</" + std::string(name) + ">";
    depth--;
  }
  void Text(std::string_view text) override { out += text; }
  std::string out;
  int depth = 0, max_depth = 0;
};

std::string Tree(std::string_view html) {
  TreeRecorder r;
  HtmlTreeBuilder builder(&r);
  TokenizeHtml(html, &builder);
  builder.Finish();
  CHECK(r.depth == 0);
  return r.out;
}

TEST_CASE("blocks end an open paragraph, items their sibling") {
  CHECK(Tree("<p>a<div>b</div>") == "<p>a</p><div>b</div>");
  CHECK(Tree("<p>a<p>b") == "<p>a</p><p>b</p>");
  CHECK(Tree("<p><span>a<h1>b") == "<p><span>a</span></p><h1>b</h1>");
  CHECK(Tree("<ul><li>a<li>b</ul>") == "<ul><li>a</li><li>b</li></ul>");
  // A nested list's item does not end the outer item.
  CHECK(Tree("<ul><li>a<ul><li>b</ul><li>c</ul>") == "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>");
  CHECK(Tree("<dl><dt>t<dd>d<dt>u</dl>") == "<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>");
  CHECK(Tree("<h1>a<h2>b") == "<h1>a</h1><h2>b</h2>");
  CHECK(Tree("<select><option>a<option>b</select>") == "<select><option>a</option><option>b</option></select>");
  // A paragraph inside a button is out of the outer paragraph's scope.
  CHECK(Tree("<p><button><div>x") == "<p><button><div>x</div></button></p>");
}

TEST_CASE("table rows and cells end their open siblings") {
  CHECK(Tree("<table><tr><td>a<td>b<tr><td>c</table>") ==
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>");
  // A table inside a cell keeps the outer cell open.
  CHECK(Tree("<table><tr><td><table><tr><td>in</table>out<td>next</table>") ==
        "<table><tr><td><table><tr><td>in</td></tr></table>out</td><td>next</td></tr></table>");
  CHECK(Tree("<table><thead><tr><th>h<tbody><tr><td>d</table>") ==
        "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>");
  // An end tag does not reach out of a cell.
  CHECK(Tree("<div><table><tr><td>x</div>y</table>") == "<div><table><tr><td>xy</td></tr></table></div>");
  // A row's end tag closes its open cell on the way.
  CHECK(Tree("<table><tr><td><span>x</tr>y") == "<table><tr><td><span>x</span></td></tr>y</table>");
}

TEST_CASE("a new link ends the open one") {
  CHECK(Tree("<a href=1>one<a href=2>two") == "<a>one</a><a>two</a>");
  CHECK(Tree("<a>x<b>y</a>z") == "<a>x<b>y</b></a>z");
}

TEST_CASE("void and self-closing elements") {
  CHECK(Tree("a<br>b<img src=x>c<hr/>d") == "a<br></br>b<img></img>c<hr></hr>d");
  // Browsers ignore "/>" on an ordinary element: the text is inside the span.
  CHECK(Tree("<span style=x/>hidden") == "<span>hidden</span>");
  CHECK(Tree("<div/>in") == "<div>in</div>");
  // In SVG it closes the element.
  CHECK(Tree("<svg><path/><rect/></svg>t") == "<svg><path></path><rect></rect></svg>t");
  CHECK(Tree("x</br>y") == "x<br></br>y");
}

TEST_CASE("an unclosed head ends where the body begins") {
  CHECK(Tree("<html><head><title>T</title><body>shown</body></html>") ==
        "<html><head><title>T</title></head><body>shown</body></html>");
  CHECK(Tree("<head><style>x</style><p>shown") == "<head><style></style></head><p>shown</p>");
  CHECK(Tree("<head><meta charset=utf-8>text") == "<head><meta></meta></head>text");
  CHECK(Tree("<head> \n<title>t</title>") == "<head> \n<title>t</title></head>");
}

TEST_CASE("repeated html, head and body tags and text after the body") {
  CHECK(Tree("<body>a<body>b<html>c<head>d") == "<body>abcd</body>");
  // </body> and </html> close nothing: what follows is still shown, inside
  // what is open.
  CHECK(Tree("<body><div>a</body></html>b") == "<body><div>ab</div></body>");
}

TEST_CASE("end tags that match nothing in scope") {
  CHECK(Tree("a</div>b</span>c") == "abc");
  CHECK(Tree("x</p>y") == "x<p></p>y");  // an empty paragraph, as browsers make one
  CHECK(Tree("<div><span>a</div>b") == "<div><span>a</span></div>b");
}

TEST_CASE("open elements are bounded") {
  std::string html;
  for (int i = 0; i < 2000; i++) html += "<span>";
  html += "deep";
  TreeRecorder r;
  HtmlTreeBuilder builder(&r);
  TokenizeHtml(html, &builder);
  builder.Finish();
  CHECK(r.depth == 0);
  CHECK(r.max_depth == static_cast<int>(HtmlTreeBuilder::kMaxOpenElements) + 1);
  CHECK(r.out.find("deep") != std::string::npos);
}

}  // namespace
}  // namespace ohm
