#include "parse/address.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ohm {
namespace {

using Strings = std::vector<std::string>;

TEST_CASE("a mailbox: quoted name with a comma, domain lower-cased, local part kept") {
  FromField f = ParseFromField("\"Doe, Jane\" <Jane.Doe@Example.ORG>");
  CHECK_FALSE(f.parse_failed);
  CHECK(f.display == "Doe, Jane");
  CHECK(f.addresses == Strings{"Jane.Doe@example.org"});
  CHECK(f.names == Strings{"Doe, Jane"});
}

TEST_CASE("RFC 2047 names are decoded; a comment after the address serves as the name") {
  CHECK(ParseFromField("=?utf-8?q?Ren=C3=A9_M=C3=BCller?= <rene@example.de>").display == "Ren\xc3\xa9 M\xc3\xbcller");
  FromField commented = ParseFromField("jane@example.org (Jane Doe)");
  CHECK(commented.display == "Jane Doe");
  CHECK(commented.addresses == Strings{"jane@example.org"});
  // Folded across lines, with a comment after the address.
  CHECK(ParseFromField("\"Support\" <support@example.com>\r\n\t(help desk)").addresses == Strings{"support@example.com"});
}

TEST_CASE("several mailboxes and groups: every address in order, the first name is the display") {
  FromField two = ParseFromField("a@x.example, \"B\" <b@y.example>");
  CHECK(two.addresses == Strings{"a@x.example", "b@y.example"});
  CHECK(two.names == Strings{"", "B"});
  CHECK(two.display.empty());  // the first mailbox has no name
  FromField group = ParseFromField("Team: anna@example.org, bob@EXAMPLE.net;");
  CHECK(group.addresses == Strings{"anna@example.org", "bob@example.net"});
}

TEST_CASE("unencoded 8-bit names: UTF-8, else the fallback charset, else ISO-8859-1") {
  CHECK(ParseFromField("Ren\xc3\xa9 <rene@example.fr>").display == "Ren\xc3\xa9");
  CHECK(ParseFromField("Ren\xe9 <rene@example.fr>").display == "Ren\xc3\xa9");
  CHECK(ParseFromField("\x80uro Shop <shop@example.fr>", "windows-1252").display == "\xe2\x82\xac" "uro Shop");
}

TEST_CASE("no address: empty, null path, garbage; a bare word is kept as written") {
  CHECK(ParseFromField("").parse_failed);
  CHECK(ParseFromField("<>").parse_failed);
  CHECK(ParseFromField("no address here at all ((").parse_failed);
  FromField bare = ParseFromField("root");
  CHECK_FALSE(bare.parse_failed);
  CHECK(bare.addresses == Strings{"root"});
}

TEST_CASE("hostile values: long, deeply nested, full of separators, NUL bytes; never more than is there") {
  std::string long_name(20000, 'A');
  FromField f = ParseFromField("\"" + long_name + "\" <a@b.example>");
  CHECK(f.addresses == Strings{"a@b.example"});
  ParseFromField(std::string(5000, '(') + "a@b.example");
  ParseFromField(std::string(5000, ',') + "a@b.example");
  ParseFromField(std::string(5000, '<'));
  ParseFromField(std::string("Nul\0Name <a@b.example>", 22));
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "u" + std::to_string(i) + "@example.org, ";
  CHECK(ParseFromField(many).addresses.size() == 1000);
}

}  // namespace
}  // namespace ohm
