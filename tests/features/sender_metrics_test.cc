#include "features/sender_metrics.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

TEST_CASE("a display name that is an address of another domain") {
  CHECK(DisplayNameShowsOtherDomain("service@paypal.com", "info@mailer.example"));
  CHECK(DisplayNameShowsOtherDomain("PayPal (service@PayPal.com)", "x@evil.example.org"));
  CHECK(DisplayNameShowsOtherDomain("test@example.com", "test1@gmail.com"));
  // One address of another domain among several is enough.
  CHECK(DisplayNameShowsOtherDomain("anna@example.org / billing@bank.example", "anna@example.org"));
}

TEST_CASE("no spoof: the same address or domain, a parent or subdomain, or no address at all") {
  CHECK_FALSE(DisplayNameShowsOtherDomain("anna@example.org", "anna@example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("ANNA@Example.ORG", "anna@example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("support@example.org", "bounce@mail.example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("news@mail.example.org", "anna@example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("Anna Smith", "anna@example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("", "anna@example.org"));
  // Mailman's DMARC munging writes "at", not "@".
  CHECK_FALSE(DisplayNameShowsOtherDomain("anna at example.org via Users", "users@lists.example.net"));
  // Not addresses: no local part, no dot in the domain, a handle.
  CHECK_FALSE(DisplayNameShowsOtherDomain("@anna on Twitter", "anna@example.org"));
  CHECK_FALSE(DisplayNameShowsOtherDomain("anna@home", "anna@example.org"));
  // No real address to compare with.
  CHECK_FALSE(DisplayNameShowsOtherDomain("service@paypal.com", "undisclosed"));
}

TEST_CASE("a look-alike parent is not a parent") {
  CHECK(DisplayNameShowsOtherDomain("support@example.org", "x@badexample.org"));
  CHECK(DisplayNameShowsOtherDomain("support@badexample.org", "x@example.org"));
}

}  // namespace
}  // namespace ohm

namespace ohm {

TEST_CASE("a Reply-To outside the From address's domain, parents and subdomains") {
  CHECK(AddressOutsideDomainOf("collect4711@gmail.com", "office@shop.example"));
  CHECK(AddressOutsideDomainOf("help@desk-provider.example", "news@shop.example"));
  CHECK_FALSE(AddressOutsideDomainOf("support@Shop.Example.", "news@shop.example"));
  CHECK_FALSE(AddressOutsideDomainOf("list@lists.shop.example", "news@shop.example"));
  CHECK_FALSE(AddressOutsideDomainOf("owner@shop.example", "news@mail.shop.example"));
  CHECK_FALSE(AddressOutsideDomainOf("root", "news@shop.example"));  // no domain to compare
  CHECK_FALSE(AddressOutsideDomainOf("x@y.example", "undisclosed"));
  CHECK(AddressOutsideDomainOf("a@notshop.example", "b@shop.example"));  // a suffix is no subdomain
}

namespace {

RawMessage WithFroms(std::vector<std::string> froms) {
  RawMessage raw;
  raw.headers.push_back({"To", "x@example.net"});
  for (std::string& from : froms) raw.headers.push_back({"From", std::move(from)});
  return raw;
}

}  // namespace

TEST_CASE("From fields that name different senders") {
  CHECK(ConflictingFromField(WithFroms({"Billing <billing@example.org>", "Bank <security@bank.example>"})) ==
        "security@bank.example");
  // The same address in other words (display name, case of the domain) is no conflict.
  CHECK(ConflictingFromField(WithFroms({"Robot <ci@example.org>", "ci@EXAMPLE.org"})).empty());
  CHECK(ConflictingFromField(WithFroms({"<a@example.org>", "<a@example.org>", "<a@example.org>"})).empty());
  // A third field that differs is found too.
  CHECK(ConflictingFromField(WithFroms({"a@example.org", "a@example.org", "b@example.org"})) == "b@example.org");
  // A field without an address is compared as written.
  CHECK(ConflictingFromField(WithFroms({"a@example.org", "undisclosed"})) == "undisclosed");
  // One From field, or none, is no conflict.
  CHECK(ConflictingFromField(WithFroms({"a@example.org"})).empty());
  CHECK(ConflictingFromField(WithFroms({})).empty());
}

}  // namespace ohm
