#include "parse/html_nesting.h"

#include <doctest/doctest.h>

#include <string>

using namespace ohm;

TEST_CASE("ordinary markup never reaches the bound") {
  std::string html = "<html><head><title>t</title></head><body><table><tr><td><p>a<p>b<br>";
  for (int i = 0; i < 1000; ++i) html += "<p>para <img src=x><br/><li>item<td>cell</td>";
  html += "<!-- <div><div><div> --></td></tr></table></body></html>";
  CHECK(HtmlNestingCut(html, 8) == html.size());
}

TEST_CASE("balanced nesting counts depth, not element count") {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div><span>x</span></div>";
  CHECK(HtmlNestingCut(html, 3) == html.size());
}

TEST_CASE("deep nesting is cut at the first start tag past the bound") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  size_t cut = HtmlNestingCut(html, 256);
  CHECK(cut == 256 * 5);
  CHECK(HtmlNestingCut("<DIV><Div><div>", 2) == 10);
}

TEST_CASE("broken input ends the scan without harm") {
  CHECK(HtmlNestingCut("", 1) == 0);
  CHECK(HtmlNestingCut("<", 1) == 1);
  CHECK(HtmlNestingCut("<div><div", 1) == 9);
  CHECK(HtmlNestingCut("< div>< <3 </>", 1) == 14);
  CHECK(HtmlNestingCut("<!-- never closed <div><div>", 1) == 28);
}
