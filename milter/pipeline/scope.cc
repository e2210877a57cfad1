#include "pipeline/scope.h"

namespace ohm {

ScopeDecision DecideScope(const ScopeSettings& s, const Envelope& env) {
  if (s.authenticated && !env.auth_user.empty()) return {true, "authenticated as " + env.auth_user};
  if (s.local_submission && env.local_submission) return {true, "local submission"};
  for (const Network& n : s.internal_networks) {
    if (n.Contains(env.client_addr)) return {true, "internal network " + n.text()};
  }
  std::string who = env.client_addr.empty() ? "unknown client" : "external client " + env.client_addr;
  return {false, who + ", not authenticated"};
}

}  // namespace ohm
