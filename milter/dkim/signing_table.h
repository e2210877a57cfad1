// Which keys sign a message: the signing table's patterns matched against the
// sender address (the From header's by default, or the envelope sender).
#ifndef OHM_DKIM_SIGNING_TABLE_H_
#define OHM_DKIM_SIGNING_TABLE_H_

#include <string>
#include <string_view>

namespace ohm {

// Whether `pattern` matches `address` ("local@domain", lower case). Patterns:
//   "*"                    every sender
//   "example.com"          senders at exactly example.com
//   ".example.com"         senders at any subdomain of example.com (not example.com itself)
//   "*.example.com"        the same
//   "user@example.com"     one address
//   "*@example.com", "*@*.example.com", "news-*@example.com"
//                          '*' matches any run of characters (OpenDKIM refile: style)
// A pattern without '@' is matched against the domain alone.
bool SigningPatternMatches(std::string_view pattern, std::string_view address);

// Whether a signature by `signing_domain` is aligned with `from_domain` in the
// sense of DMARC relaxed alignment, approximated without the public suffix
// list: one domain equals the other or is a subdomain of it.
bool DomainsAligned(std::string_view signing_domain, std::string_view from_domain);

// The domain part of "local@domain" (lower case), or "" when there is no '@'.
std::string DomainOf(std::string_view address);

}  // namespace ohm

#endif  // OHM_DKIM_SIGNING_TABLE_H_
