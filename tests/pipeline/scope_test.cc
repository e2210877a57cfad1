#include "pipeline/scope.h"

#include <doctest/doctest.h>

using namespace ohm;

namespace {

ScopeSettings Defaults() {
  ScopeSettings s;
  s.internal_networks = {*Network::Parse("127.0.0.0/8"), *Network::Parse("::1/128")};
  return s;
}

}  // namespace

TEST_CASE("authenticated, local and internal mail is outbound") {
  ScopeSettings s = Defaults();
  Envelope e;
  e.client_addr = "203.0.113.9";
  e.auth_user = "alice";
  CHECK(DecideScope(s, e).in_scope);
  CHECK(DecideScope(s, e).reason == "authenticated as alice");
  Envelope local;
  local.local_submission = true;
  CHECK(DecideScope(s, local).reason == "local submission");
  Envelope loop;
  loop.client_addr = "127.0.0.1";
  CHECK(DecideScope(s, loop).reason == "internal network 127.0.0.0/8");
}

TEST_CASE("an unauthenticated external client is out of scope") {
  ScopeSettings s = Defaults();
  Envelope e;
  e.client_addr = "203.0.113.9";
  ScopeDecision d = DecideScope(s, e);
  CHECK_FALSE(d.in_scope);
  CHECK(d.reason == "external client 203.0.113.9, not authenticated");
}

TEST_CASE("each scope source can be turned off") {
  ScopeSettings s = Defaults();
  s.authenticated = false;
  s.local_submission = false;
  s.internal_networks.clear();
  Envelope e;
  e.client_addr = "127.0.0.1";
  e.auth_user = "alice";
  e.local_submission = true;
  CHECK_FALSE(DecideScope(s, e).in_scope);
}
