#include "features/link_metrics.h"

#include <doctest/doctest.h>

namespace ohm {

namespace {

Link HtmlLink(std::string href, std::string host, std::string text) {
  return Link{std::move(href), std::move(host), std::move(text), true};
}

}  // namespace

TEST_CASE("the host a link's text shows") {
  CHECK(HostShownBy("https://www.MyBank.com/login") == "www.mybank.com");
  CHECK(HostShownBy("  http://bank.example:8080/x?y ") == "bank.example");
  CHECK(HostShownBy("www.bank.example") == "www.bank.example");
  CHECK(HostShownBy("bank.example") == "");           // no scheme, no www.: maybe a word
  CHECK(HostShownBy("Node.js") == "");
  CHECK(HostShownBy("Read more") == "");
  CHECK(HostShownBy("https://a.example is great") == "");  // prose after the URL
  CHECK(HostShownBy("user@bank.example") == "");
}

TEST_CASE("same site: equal, subdomain, or the same last two labels") {
  CHECK(SameSite("www.example.com", "example.com"));
  CHECK(SameSite("mail.example.com", "click.example.com"));
  CHECK_FALSE(SameSite("www.mybank.com", "evil.example"));
  CHECK_FALSE(SameSite("mybank.com", "mybank.com.evil.example"));
}

TEST_CASE("a link showing another domain's URL is a mismatch") {
  std::vector<Link> links = {
      HtmlLink("http://evil.example/login", "evil.example", "https://www.mybank.com/login"),
      HtmlLink("https://click.mybank.com/r/1", "click.mybank.com", "https://www.mybank.com"),
      HtmlLink("https://evil.example/", "evil.example", "Log in"),
      Link{"https://www.mybank.com", "www.mybank.com", "", false},
  };
  LinkMetrics m = MeasureLinks(links);
  CHECK(m.text_domain_mismatches == 1);
  CHECK(m.html_links == 3);
  CHECK(m.bare_urls == 1);
  CHECK(m.link_text_chars == 28 + 22 + 6);
  CHECK(m.distinct_hosts == 3);
}

}  // namespace ohm
