// SPF (RFC 7208) evaluated the way a receiver does: check_host() over the
// domain's v=spf1 record with ip4, ip6, a, mx, ptr, include, redirect, exists,
// macros, and the 10-lookup and 2-void-lookup limits.
#ifndef OHM_DOCTOR_SPF_EVALUATOR_H_
#define OHM_DOCTOR_SPF_EVALUATOR_H_

#include <string>
#include <vector>

#include "doctor/dns_client.h"

namespace ohm::doctor {

enum class SpfResult { kNone, kNeutral, kPass, kFail, kSoftFail, kTempError, kPermError };

// "pass", "fail", "softfail", "neutral", "none", "temperror", "permerror".
const char* SpfResultName(SpfResult result);

struct SpfEvaluation {
  SpfResult result = SpfResult::kNone;
  std::string record;        // the domain's own v=spf1 record ("" when none or several)
  int record_count = 0;      // v=spf1 TXT records published at the domain itself
  // Qualifier of the "all" that ends the domain's policy, following redirect=
  // ('+', '?', '~', '-'), or 0 when the policy has no "all".
  char all_qualifier = 0;
  std::string matched;       // the term that decided, e.g. "ip4:192.0.2.0/24" or "include:_spf.example.net"
  int dns_lookups = 0;       // terms that cost a DNS lookup (limit 10)
  int void_lookups = 0;      // lookups answered NXDOMAIN or empty (limit 2)
  std::string problem;       // why the result is permerror or temperror
};

struct SpfQuery {
  std::string domain;  // the MAIL FROM domain
  std::string ip;      // the connecting client, numeric IPv4 or IPv6
  std::string sender;  // MAIL FROM address for %{s} %{l}; default postmaster@domain
  std::string helo;    // for %{h}; default the domain
};

// Runs check_host(ip, domain, sender) against `dns`. Never throws; DNS failures
// give temperror, syntax and limit violations permerror, each with `problem`.
SpfEvaluation EvaluateSpf(DnsClient& dns, const SpfQuery& query);

// The record to publish so that every address in `ips` passes: `current` with
// the missing ip4:/ip6: terms added after "v=spf1" and a permissive +all or ?all
// turned into ~all; a fresh "v=spf1 ip4:... ~all" when `current` is empty.
std::string SuggestSpfRecord(const std::string& current, const std::vector<std::string>& ips);

// What the qualifier on "all" tells receivers, one sentence ('+' '?' '~' '-' or 0).
std::string DescribeAllQualifier(char qualifier);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_SPF_EVALUATOR_H_
