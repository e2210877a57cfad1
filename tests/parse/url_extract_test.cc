#include "parse/url_extract.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ohm {
namespace {

TEST_CASE("UrlHost extracts the lower-case host") {
  CHECK(UrlHost("https://Example.COM/path?q=1") == "example.com");
  CHECK(UrlHost("http://user:pw@Host.example:8080/x") == "host.example");
  CHECK(UrlHost("HTTP://example.org.") == "example.org");
  CHECK(UrlHost("//cdn.example.net/lib.js") == "cdn.example.net");
  CHECK(UrlHost("  https://spaced.example/") == "spaced.example");
  CHECK(UrlHost("http://[2001:db8::1]:80/") == "[2001:db8::1]");
  CHECK(UrlHost("www.Example.com/page") == "www.example.com");
  CHECK(UrlHost("ftp://files.example/pub") == "files.example");
  CHECK(UrlHost("https://host.example#frag") == "host.example");
  CHECK(UrlHost("https://host.example?q") == "host.example");
}

TEST_CASE("UrlHost reads backslashes as browsers do") {
  CHECK(UrlHost("http:\\\\evil.example\\path") == "evil.example");
  CHECK(UrlHost("https:/\\mixed.example/") == "mixed.example");
}

TEST_CASE("UrlHost is empty for URLs without a host") {
  CHECK(UrlHost("mailto:someone@example.com") == "");
  CHECK(UrlHost("javascript:alert(1)") == "");
  CHECK(UrlHost("cid:part1@example") == "");
  CHECK(UrlHost("/relative/path") == "");
  CHECK(UrlHost("page.html") == "");
  CHECK(UrlHost("http:/one-slash.example") == "");
  CHECK(UrlHost("") == "");
}

TEST_CASE("ExtractBareUrls finds http, https and www URLs") {
  std::vector<Link> links;
  CHECK(ExtractBareUrls("See https://A.example/x, http://b.example. And www.c.example/d!", 100, &links));
  REQUIRE(links.size() == 3);
  CHECK(links[0].href == "https://A.example/x");
  CHECK(links[0].host == "a.example");
  CHECK(links[0].text.empty());
  CHECK_FALSE(links[0].from_html);
  CHECK(links[1].href == "http://b.example");
  CHECK(links[1].host == "b.example");
  CHECK(links[2].href == "www.c.example/d");
  CHECK(links[2].host == "www.c.example");
}

TEST_CASE("ExtractBareUrls handles enclosing punctuation") {
  std::vector<Link> links;
  ExtractBareUrls("(see http://example.org/a_(b)) and <https://angle.example/p> \"http://q.example/\"", 100,
                  &links);
  REQUIRE(links.size() == 3);
  CHECK(links[0].href == "http://example.org/a_(b)");
  CHECK(links[1].href == "https://angle.example/p");
  CHECK(links[2].href == "http://q.example/");
}

TEST_CASE("ExtractBareUrls ignores look-alikes") {
  std::vector<Link> links;
  ExtractBareUrls("shttp://no.example xwww.no.example a@www.no.example http:// www. www.nodot", 100, &links);
  CHECK(links.empty());
}

TEST_CASE("ExtractBareUrls does not match www. inside an http URL twice") {
  std::vector<Link> links;
  ExtractBareUrls("http://www.once.example/path", 100, &links);
  REQUIRE(links.size() == 1);
  CHECK(links[0].host == "www.once.example");
}

TEST_CASE("ExtractBareUrls stops at the link limit") {
  std::vector<Link> links;
  links.push_back(Link{"https://already.example", "already.example", "x", true});
  CHECK_FALSE(ExtractBareUrls("http://a.example http://b.example http://c.example", 2, &links));
  REQUIRE(links.size() == 2);
  CHECK(links[1].host == "a.example");
}

TEST_CASE("ExtractBareUrls stops at non-ASCII bytes and controls") {
  std::vector<Link> links;
  ExtractBareUrls("\xe2\x80\x9chttp://quoted.example\xe2\x80\x9d\x01http://ctl.example\x02", 10, &links);
  REQUIRE(links.size() == 2);
  CHECK(links[0].href == "http://quoted.example");
  CHECK(links[1].href == "http://ctl.example");
}

}  // namespace
}  // namespace ohm
