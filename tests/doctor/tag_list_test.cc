#include "doctor/tag_list.h"

#include <doctest/doctest.h>

using namespace ohm::doctor;

TEST_CASE("tags come out in order, trimmed, empty entries skipped") {
  std::vector<Tag> tags;
  CHECK(ParseTagList(" v=DKIM1 ;k = rsa;; p=MIIB AQAB ;\r\n", &tags) == "");
  REQUIRE(tags.size() == 3);
  CHECK(tags[0].name == "v");
  CHECK(tags[0].value == "DKIM1");
  CHECK(tags[1].name == "k");
  CHECK(tags[1].value == "rsa");
  CHECK(tags[2].value == "MIIB AQAB");
  CHECK(ParseTagList("", &tags) == "");
  CHECK(tags.empty());
}

TEST_CASE("a tag without '=' is an error naming it") {
  std::vector<Tag> tags;
  CHECK(ParseTagList("v=DMARC1; oops; p=none", &tags) == "\"oops\" is not a tag=value pair");
  CHECK(tags.size() == 1);
  CHECK(TrimTagSpace(" \t x y \r\n") == "x y");
}
