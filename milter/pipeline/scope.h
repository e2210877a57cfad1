// Decides whether a message is outbound (checked) or passes untouched.
#ifndef OHM_PIPELINE_SCOPE_H_
#define OHM_PIPELINE_SCOPE_H_

#include <string>

#include "config/config.h"
#include "core/envelope.h"

namespace ohm {

struct ScopeDecision {
  bool in_scope = false;
  std::string reason;  // "authenticated as alice", "internal network 127.0.0.0/8", "local submission",
                       // or "external client 203.0.113.9, not authenticated"
};

// A message is in scope when the client authenticated (and settings.authenticated),
// came through local submission (and settings.local_submission), or connects
// from one of settings.internal_networks. Checked in that order.
ScopeDecision DecideScope(const ScopeSettings& settings, const Envelope& envelope);

}  // namespace ohm

#endif  // OHM_PIPELINE_SCOPE_H_
