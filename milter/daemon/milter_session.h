// The libmilter side of the daemon: one MilterSession per SMTP connection,
// collecting envelope, headers and body of each message, running the pipeline
// at end of message and applying its verdict (headers, quarantine, reply).
#ifndef OHM_DAEMON_MILTER_SESSION_H_
#define OHM_DAEMON_MILTER_SESSION_H_

#include <libmilter/mfapi.h>

#include "daemon/daemon_state.h"

namespace ohm {

// Returns the smfiDesc to register with smfi_register. Its callbacks reach
// `state` through libmilter's per-connection private pointer; `state` must
// outlive smfi_main. Call once per process.
smfiDesc MakeMilterDescription(DaemonState* state);

// Makes a text fit for smfi_setreply: printable ASCII only, since an SMTP
// reply carries nothing else (rule descriptions may quote UTF-8 text), and
// '%' doubled, since libmilter treats it as a format character.
std::string EscapeReplyText(std::string_view text);

}  // namespace ohm

#endif  // OHM_DAEMON_MILTER_SESSION_H_
