// The DKIM_NO_KEY_FOR_FROM rule hit: added when the From domain has no key
// aligned with it (DMARC alignment will fail), never silently.
#include <doctest/doctest.h>

#include "pipeline/pipeline.h"

using namespace ohm;

namespace {

SigningPlan Plan(const std::string& from_domain, bool sign, bool aligned) {
  static const SigningKey key;
  SigningPlan p;
  p.from_domain = from_domain;
  if (sign) p.keys.push_back(&key);
  else p.why_not = "no key for " + from_domain;
  p.aligned = aligned;
  return p;
}

}  // namespace

TEST_CASE("no hit when the From domain is signed by an aligned key") {
  DkimSettings s;
  CHECK_FALSE(NoAlignedKeyHit(s, Plan("example.com", true, true)));
}

TEST_CASE("a hit with the configured score when the From domain has no key") {
  DkimSettings s;
  s.no_key_score = 2.5;
  auto hit = NoAlignedKeyHit(s, Plan("example.org", false, false));
  REQUIRE(hit);
  CHECK(hit->name == "DKIM_NO_KEY_FOR_FROM");
  CHECK(hit->score == 2.5);
  CHECK(hit->detail == "example.org");
  CHECK(hit->description.find("DMARC") != std::string::npos);
}

TEST_CASE("a hit when only an unaligned domain signs (envelope-sender matching)") {
  DkimSettings s;
  auto hit = NoAlignedKeyHit(s, Plan("example.org", true, false));
  REQUIRE(hit);
  CHECK(hit->detail == "example.org (signed only by an unaligned domain)");
}

TEST_CASE("no hit for a message without a From address: other rules speak of that") {
  DkimSettings s;
  CHECK_FALSE(NoAlignedKeyHit(s, Plan("", false, false)));
}
