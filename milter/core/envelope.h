// What the MTA told us about a message before its content: the SMTP envelope
// and the milter macros. Filled by the daemon from libmilter callbacks, or by
// the CLI from command-line options.
#ifndef OHM_CORE_ENVELOPE_H_
#define OHM_CORE_ENVELOPE_H_

#include <string>
#include <vector>

namespace ohm {

struct Envelope {
  std::string client_addr;  // numeric address, empty when unknown (local submission)
  std::string client_name;  // reverse name as the MTA saw it
  std::string helo;
  std::string mail_from;    // without angle brackets; empty for the null sender
  std::vector<std::string> rcpt_to;  // without angle brackets
  std::string queue_id;     // macro "i"
  std::string auth_user;    // macro "{auth_authen}"; empty when not authenticated
  std::string daemon_name;  // macro "{daemon_name}"
  bool local_submission = false;  // came through non_smtpd_milters (sendmail(1) / pickup)
};

}  // namespace ohm

#endif  // OHM_CORE_ENVELOPE_H_
