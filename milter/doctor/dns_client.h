// The narrow DNS interface the doctor's checks use: one question, one answer,
// already decoded into text. Checks depend on this interface only, so their
// logic is unit-testable against an in-memory resolver; LdnsDnsClient is the
// real one (ldns, a configurable nameserver, timeouts and retries).
#ifndef OHM_DOCTOR_DNS_CLIENT_H_
#define OHM_DOCTOR_DNS_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

namespace ohm::doctor {

enum class DnsType { kA, kAaaa, kTxt, kMx, kPtr };

// How a question ended. kNxDomain and kNoData are "void" answers in RFC 7208's
// sense; kTimeout and kServFail are temporary errors (the answer is unknown).
enum class DnsStatus { kOk, kNxDomain, kNoData, kTimeout, kServFail };

struct DnsAnswer {
  DnsStatus status = DnsStatus::kServFail;
  // Decoded answer records of the asked type, in a stable order:
  //   A/AAAA: numeric addresses ("192.0.2.1", "2001:db8::1");
  //   TXT: each record's character-strings joined without separator;
  //   MX: exchange names ordered by preference, without the trailing dot;
  //   PTR: names without the trailing dot.
  std::vector<std::string> records;
  std::string error;  // what went wrong when status is kTimeout or kServFail

  // At least one record of the asked type.
  bool ok() const { return status == DnsStatus::kOk; }
  // The name or the type does not exist (NXDOMAIN or an empty answer).
  bool is_void() const { return status == DnsStatus::kNxDomain || status == DnsStatus::kNoData; }
  // No usable answer: timeout, SERVFAIL, REFUSED and the like.
  bool is_error() const { return status == DnsStatus::kTimeout || status == DnsStatus::kServFail; }
};

class DnsClient {
 public:
  virtual ~DnsClient() = default;
  // Asks `name` (absolute, with or without the trailing dot) for `type`. Never
  // throws and never blocks longer than the client's configured time budget;
  // a failure is reported in the answer's status.
  virtual DnsAnswer Query(const std::string& name, DnsType type) = 0;
};

struct DnsClientOptions {
  // "IP" or "IP:PORT" ("[v6]:PORT" for IPv6 with a port); empty means the
  // nameservers of /etc/resolv.conf.
  std::string resolver;
  int timeout_ms = 3000;  // per attempt
  int retries = 1;        // extra attempts after the first
};

// Builds the real client. Returns nullptr and sets *error when the resolver
// address is unusable or /etc/resolv.conf cannot be read.
std::unique_ptr<DnsClient> MakeLdnsDnsClient(const DnsClientOptions& options, std::string* error);

// "TXT", "A", ... for messages.
const char* DnsTypeName(DnsType type);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DNS_CLIENT_H_
