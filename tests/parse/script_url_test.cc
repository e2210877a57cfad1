#include "parse/script_url.h"

#include <doctest/doctest.h>

namespace ohm {

TEST_CASE("URL attributes are the ones a client loads or follows") {
  for (const char* name : {"href", "src", "action", "formaction", "background", "poster", "xlink:href"}) {
    CHECK_MESSAGE(IsUrlAttribute(name), name);
  }
  for (const char* name : {"alt", "title", "class", "style", "onclick", "hrefx", ""}) {
    CHECK_MESSAGE(!IsUrlAttribute(name), name);
  }
}

TEST_CASE("event handler attributes are on and a name") {
  for (const char* name : {"onclick", "onload", "onerror", "one"}) CHECK_MESSAGE(IsEventHandlerAttribute(name), name);
  for (const char* name : {"on", "o", "", "href", "data-on"}) CHECK_MESSAGE(!IsEventHandlerAttribute(name), name);
}

TEST_CASE("script schemes are read as a browser reads them") {
  CHECK(IsScriptSchemeUrl("javascript:alert(1)"));
  CHECK(IsScriptSchemeUrl("JavaScript:go()"));
  CHECK(IsScriptSchemeUrl("vbscript:msgbox(1)"));
  CHECK(IsScriptSchemeUrl("  \x01javascript:x"));   // leading blanks and controls skipped
  CHECK(IsScriptSchemeUrl("java\tscr\nipt:x"));     // tabs and line breaks ignored anywhere
  CHECK(!IsScriptSchemeUrl("java script:x"));       // a space inside ends the scheme
  CHECK(!IsScriptSchemeUrl("javascript"));          // no colon
  CHECK(!IsScriptSchemeUrl("javascripts:x"));
  CHECK(!IsScriptSchemeUrl("https://example.org/javascript:x"));
  CHECK(!IsScriptSchemeUrl(":javascript:"));
  CHECK(!IsScriptSchemeUrl(""));
}

TEST_CASE("data URLs of documents open as pages, data URLs of images do not") {
  CHECK(IsDocumentDataUrl("data:text/html;base64,PGgxPg=="));
  CHECK(IsDocumentDataUrl(" DATA: Text/HTML,<script>x</script>"));
  CHECK(IsDocumentDataUrl("data:image/svg+xml;utf8,<svg/>"));
  CHECK(!IsDocumentDataUrl("data:image/png;base64,AA=="));
  CHECK(!IsDocumentDataUrl("data:text/plain,hello"));
  CHECK(!IsDocumentDataUrl("https://example.org/data:text/html"));
  CHECK(!IsDocumentDataUrl("data:"));
  CHECK(!IsScriptSchemeUrl("data:text/html,x"));
}

}  // namespace ohm
