#include "dkim/signing_table.h"

#include <cctype>

#include "core/ascii.h"

namespace ohm {

namespace {

// Glob match with '*' only, case-insensitive; iterative with one backtrack point.
bool Glob(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) { return AsciiLower(a) == AsciiLower(b); };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && eq(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool IsSubdomainOf(std::string_view child, std::string_view parent) {
  return child.size() > parent.size() + 1 && child.substr(child.size() - parent.size()) == parent &&
         child[child.size() - parent.size() - 1] == '.';
}

}  // namespace

std::string DomainOf(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  return AsciiLowered(address.substr(at + 1));
}

bool SigningPatternMatches(std::string_view pattern, std::string_view address) {
  if (pattern.empty()) return false;
  if (pattern.find('@') != std::string_view::npos) return Glob(pattern, address);
  std::string domain = DomainOf(address);
  if (domain.empty()) return false;
  if (pattern.front() == '.') return Glob(std::string("*") + std::string(pattern), domain);
  return Glob(pattern, domain);
}

bool DomainsAligned(std::string_view signing_domain, std::string_view from_domain) {
  if (signing_domain.empty() || from_domain.empty()) return false;
  return signing_domain == from_domain || IsSubdomainOf(from_domain, signing_domain) ||
         IsSubdomainOf(signing_domain, from_domain);
}

}  // namespace ohm
