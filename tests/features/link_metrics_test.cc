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

namespace ohm {

TEST_CASE("hosts mixing scripts are counted once each, as the reader sees them") {
  std::vector<Link> links = {
      HtmlLink("https://xn--pypal-4ve.com/a", "xn--pypal-4ve.com", "Sign in"),
      HtmlLink("https://xn--pypal-4ve.com/b", "xn--pypal-4ve.com", "Help"),
      HtmlLink("https://micr\u03bfsoft.example/", "micr\u03bfsoft.example", "Teams"),
      HtmlLink("https://www.xn--mnchen-3ya.de/", "www.xn--mnchen-3ya.de", "M\u00fcnchen"),  // one script: fine
      HtmlLink("http://xn--e1afmkfd.xn--p1ai/", "xn--e1afmkfd.xn--p1ai", "\u043f\u0440\u0438\u043c\u0435\u0440"),
  };
  LinkMetrics m = MeasureLinks(links);
  CHECK(m.mixed_script_hosts == 2);
  CHECK(m.first_mixed_script_host.find("p\u0430ypal.com (xn--pypal-4ve.com)") != std::string::npos);
  CHECK(m.first_mixed_script_host.rfind("Cyrillic \u0430 in ", 0) == 0);
  CHECK(MeasureLinks({HtmlLink("https://www.example.com/", "www.example.com", "x")}).mixed_script_hosts == 0);
  // A label all of Cyrillic look-alikes under a Latin top-level domain; not under a Cyrillic one.
  LinkMetrics whole = MeasureLinks({HtmlLink("https://xn--80ak6aa92e.com/", "xn--80ak6aa92e.com", "Apple ID")});
  CHECK(whole.mixed_script_hosts == 1);
  CHECK(whole.first_mixed_script_host.rfind("look-alike label \xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5 in ", 0) == 0);
  CHECK(MeasureLinks({HtmlLink("https://xn--80ak6aa92e.xn--p1ai/", "xn--80ak6aa92e.xn--p1ai", "x")}).mixed_script_hosts == 0);
}

}  // namespace ohm
