#include "parse/html_file_inspect.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

TEST_CASE("HTML and SVG files by media type or by name") {
  CHECK(IsHtmlFile("text/html", ""));
  CHECK(IsHtmlFile("application/xhtml+xml", "page"));
  CHECK(IsHtmlFile("image/svg+xml", "logo"));
  CHECK(IsHtmlFile("application/octet-stream", "Invoice_0392.HTM"));
  CHECK(IsHtmlFile("application/octet-stream", "statement.shtml"));
  CHECK(IsHtmlFile("application/octet-stream", "voicemail.svg"));
  CHECK(IsHtmlFile("application/octet-stream", "saved.mhtml"));
  CHECK_FALSE(IsHtmlFile("application/pdf", "invoice.pdf"));
  CHECK_FALSE(IsHtmlFile("image/png", "logo.png"));
  CHECK_FALSE(IsHtmlFile("application/octet-stream", "notes.html.txt"));
  CHECK_FALSE(IsHtmlFile("text/plain", ""));
}

TEST_CASE("what makes a document active, the first found") {
  CHECK(ActiveHtmlContent("<html><body><script>location='https://x.example'</script></body></html>") == "a script");
  CHECK(ActiveHtmlContent("<p>Sign in</p><FORM action=https://x.example/p><input type=password></FORM>") ==
        "a form");
  CHECK(ActiveHtmlContent("<meta http-equiv=\" Refresh \" content=\"0; url=https://x.example\">") ==
        "an automatic redirect");
  CHECK(ActiveHtmlContent("<iframe src=\"https://x.example/login\"></iframe>") == "a frame or embedded object");
  CHECK(ActiveHtmlContent("<object data=\"x.swf\"></object>") == "a frame or embedded object");
  CHECK(ActiveHtmlContent("<body onload=\"go()\">hello</body>") == "an event handler");
  CHECK(ActiveHtmlContent("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"a.png\" onerror=\"go()\"/></svg>") ==
        "an event handler");
  CHECK(ActiveHtmlContent("<a href=\" JaVa&#x53;cript:go()\">open</a>") == "a javascript: link");
  CHECK(ActiveHtmlContent("<a href=\"data:text/html;base64,PGgxPg==\">open</a>") == "a javascript: link");
  CHECK(ActiveHtmlContent("<svg><a xlink:href=\"javascript:go()\"><text>Play</text></a></svg>") ==
        "a javascript: link");
}

TEST_CASE("passive documents: text, tables, images, links, styles") {
  CHECK(ActiveHtmlContent("").empty());
  CHECK(ActiveHtmlContent("<html><head><meta charset=utf-8><style>td{color:red}</style></head>"
                          "<body><table><tr><td>web01</td></tr></table>"
                          "<img src=\"cid:logo\" alt=\"Logo\"><a href=\"https://example.org/run\">log</a></body></html>")
            .empty());
  // Words that look like markup inside text are text.
  CHECK(ActiveHtmlContent("<p>Use &lt;script&gt; and onload= with care; see javascript: URLs.</p>").empty());
  CHECK(ActiveHtmlContent("<a href=\"https://example.org/data:text/html\">x</a>").empty());
  CHECK(ActiveHtmlContent("<a href=\"java script:go()\">x</a>").empty());  // a browser reads no scheme there
  CHECK(ActiveHtmlContent("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>").empty());
}

}  // namespace
}  // namespace ohm
