#include "features/link_metrics.h"

#include <algorithm>
#include <set>

#include "core/ascii.h"
#include "features/idn_host.h"
#include "features/script_mixing.h"

namespace ohm {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// The last `n` dot-separated labels of `host` ("a.b.c", 2 -> "b.c").
std::string_view LastLabels(std::string_view host, int n) {
  size_t pos = host.size();
  for (int i = 0; i < n; ++i) {
    size_t dot = pos == 0 ? std::string_view::npos : host.rfind('.', pos - 1);
    if (dot == std::string_view::npos) return host;
    pos = dot;
  }
  return host.substr(pos + 1);
}

bool IsSubdomainOf(std::string_view sub, std::string_view parent) {
  return sub.size() > parent.size() && sub.substr(sub.size() - parent.size()) == parent &&
         sub[sub.size() - parent.size() - 1] == '.';
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The first label of `host` (as shown, UTF-8) that is written entirely in
// Greek or Cyrillic letters drawn like Latin ones while the top-level domain
// is Latin ("аррӏе.com"); "" when none. A label in the script of its
// top-level domain ("пример.рф") is an ordinary IDN.
std::string_view LatinLookalikeLabel(std::string_view host) {
  size_t last_dot = host.rfind('.');
  if (last_dot == std::string_view::npos) return {};
  std::string_view tld = host.substr(last_dot + 1);
  if (std::any_of(tld.begin(), tld.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) return {};
  for (size_t start = 0; start < last_dot;) {
    size_t end = host.find('.', start);
    std::string_view label = host.substr(start, end - start);
    if (IsLatinLookalike(label)) return label;
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string HostShownBy(std::string_view text) {
  std::string_view s = TrimWhiteSpace(text);
  bool had_scheme = false;
  if (StartsWithIgnoreCase(s, "https://")) {
    s.remove_prefix(8);
    had_scheme = true;
  } else if (StartsWithIgnoreCase(s, "http://")) {
    s.remove_prefix(7);
    had_scheme = true;
  }
  size_t end = 0;
  while (end < s.size() && IsHostChar(s[end])) ++end;
  std::string_view host = s.substr(0, end);
  std::string_view rest = s.substr(end);
  // After the host only a port, path, query or fragment may follow: any other
  // character means the text is prose that merely starts like a host.
  if (!rest.empty() && rest[0] != '/' && rest[0] != ':' && rest[0] != '?' && rest[0] != '#') return "";
  for (char c : rest) {
    if (IsBlank(c)) return "";
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || host.size() - dot - 1 < 2) return "";
  // Without a scheme only "www." names count: a bare "name.tld" is too often
  // a word with a dot in it ("Node.js", "ASP.NET").
  if (!had_scheme && !StartsWithIgnoreCase(host, "www.")) return "";
  return AsciiLowered(host);
}

bool SameSite(std::string_view a, std::string_view b) {
  if (a == b || IsSubdomainOf(a, b) || IsSubdomainOf(b, a)) return true;
  return LastLabels(a, 2) == LastLabels(b, 2);
}

LinkMetrics MeasureLinks(const std::vector<Link>& links) {
  LinkMetrics m;
  std::set<std::string_view> hosts;
  std::vector<std::string_view> hosts_in_order;  // so the evidence is the first in the message
  for (const Link& link : links) {
    if (!link.host.empty() && hosts.insert(link.host).second) hosts_in_order.push_back(link.host);
    if (!link.from_html) {
      ++m.bare_urls;
      continue;
    }
    ++m.html_links;
    m.link_text_chars += CodePoints(TrimWhiteSpace(link.text));
    if (link.host.empty()) continue;
    std::string shown = HostShownBy(link.text);
    if (!shown.empty() && !SameSite(shown, link.host)) ++m.text_domain_mismatches;
  }
  m.distinct_hosts = hosts.size();
  for (std::string_view host : hosts_in_order) {
    std::string shown = UnicodeHost(host);
    MixedScriptWords mixed = FindMixedScriptWords(shown);
    std::string_view lookalike = mixed.count == 0 ? LatinLookalikeLabel(shown) : std::string_view();
    if (mixed.count == 0 && lookalike.empty()) continue;
    if (++m.mixed_script_hosts == 1) {
      m.first_mixed_script_host =
          (mixed.count != 0 ? mixed.standout : "look-alike label " + std::string(lookalike)) + " in " + shown;
      if (shown != host) m.first_mixed_script_host += " (" + std::string(host) + ")";
    }
  }
  return m;
}

}  // namespace ohm
