#include "dkim/signing_table.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("a bare domain matches that domain only") {
  CHECK(SigningPatternMatches("example.com", "alice@example.com"));
  CHECK(SigningPatternMatches("example.com", "alice@EXAMPLE.com"));
  CHECK_FALSE(SigningPatternMatches("example.com", "alice@mail.example.com"));
  CHECK_FALSE(SigningPatternMatches("example.com", "alice@badexample.com"));
  CHECK_FALSE(SigningPatternMatches("example.com", "alice"));
}

TEST_CASE("a leading dot or *. matches subdomains but not the domain itself") {
  for (const char* p : {".example.com", "*.example.com"}) {
    CAPTURE(p);
    CHECK(SigningPatternMatches(p, "a@mail.example.com"));
    CHECK(SigningPatternMatches(p, "a@x.y.example.com"));
    CHECK_FALSE(SigningPatternMatches(p, "a@example.com"));
    CHECK_FALSE(SigningPatternMatches(p, "a@notexample.com"));
  }
}

TEST_CASE("address patterns and wildcards in the refile: style") {
  CHECK(SigningPatternMatches("*", "anyone@anywhere.example"));
  CHECK(SigningPatternMatches("alice@example.com", "alice@example.com"));
  CHECK_FALSE(SigningPatternMatches("alice@example.com", "bob@example.com"));
  CHECK(SigningPatternMatches("*@example.com", "bob@example.com"));
  CHECK_FALSE(SigningPatternMatches("*@example.com", "bob@sub.example.com"));
  CHECK(SigningPatternMatches("*@*.example.com", "bob@sub.example.com"));
  CHECK(SigningPatternMatches("news-*@example.com", "news-weekly@example.com"));
  CHECK_FALSE(SigningPatternMatches("news-*@example.com", "alerts@example.com"));
}

TEST_CASE("alignment: equal domains or one a subdomain of the other") {
  CHECK(DomainsAligned("example.com", "example.com"));
  CHECK(DomainsAligned("example.com", "mail.example.com"));
  CHECK(DomainsAligned("mail.example.com", "example.com"));
  CHECK_FALSE(DomainsAligned("example.com", "example.org"));
  CHECK_FALSE(DomainsAligned("example.com", "badexample.com"));
  CHECK_FALSE(DomainsAligned("", "example.com"));
}
