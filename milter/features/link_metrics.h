// What the "text vs links" checks measure about a message's links: how much
// of the visible text is link text, and links whose visible text shows a URL
// of another domain than the one they lead to (the classic phishing shape:
// <a href="http://evil.example">https://www.mybank.com</a>).
#ifndef OHM_FEATURES_LINK_METRICS_H_
#define OHM_FEATURES_LINK_METRICS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parsed_message.h"

namespace ohm {

struct LinkMetrics {
  size_t html_links = 0;            // <a href> links in HTML parts
  size_t bare_urls = 0;             // URLs written as text in text/plain parts
  size_t link_text_chars = 0;       // code points of visible text of HTML links
  size_t text_domain_mismatches = 0;  // links whose text is a URL/host of another domain
  size_t distinct_hosts = 0;        // different hosts linked to
  // Distinct hosts with a label mixing Latin, Greek and Cyrillic letters as a
  // reader sees it (punycode decoded): "xn--pypal-4ve.com" is "pаypal.com";
  // or with a label of Greek or Cyrillic letters that all look Latin under a
  // Latin top-level domain: "xn--80ak6aa92e.com" is "аррӏе.com".
  size_t mixed_script_hosts = 0;
  std::string first_mixed_script_host;  // "Cyrillic а in pаypal.com (xn--pypal-4ve.com)"
};

// Measures `links` (as the parser lists them).
LinkMetrics MeasureLinks(const std::vector<Link>& links);

// Returns the lower-case host named by `text` when the whole visible text of
// a link is a URL or a bare host name ("https://www.bank.com/login",
// "www.bank.com", "bank.com"); empty otherwise (prose, e-mail addresses).
std::string HostShownBy(std::string_view text);

// True when hosts `a` and `b` belong to the same site: equal, or one a
// subdomain of the other, or sharing their last two labels (mail.example.com
// and www.example.com). The two-label rule is what keeps
// "www.example.co.uk" vs "news.example.co.uk" a match; it also lets
// "a.co.uk" match "b.co.uk", an accepted miss for an estimate without the
// public suffix list.
bool SameSite(std::string_view a, std::string_view b);

}  // namespace ohm

#endif  // OHM_FEATURES_LINK_METRICS_H_
