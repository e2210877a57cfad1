#include "parse/url_extract.h"

#include <algorithm>

#include "core/ascii.h"
#include "parse/utf8_text.h"

namespace ohm {

namespace {

// Characters that end a URL written in text: white space, controls, non-ASCII
// bytes, and what RFC 3986 leaves out of URLs and text puts around them.
bool EndsBareUrl(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7F) return true;
  switch (c) {
    case '<': case '>': case '"': case '`': case '{': case '}': case '|': case '\\': case '^':
      return true;
    default:
      return false;
  }
}

// True when `s` has more `close` than `open` characters.
bool Unbalanced(std::string_view s, char open, char close) {
  return std::count(s.begin(), s.end(), close) > std::count(s.begin(), s.end(), open);
}

// Drops the punctuation that ends sentences or encloses the URL in prose.
std::string_view TrimTrailingPunctuation(std::string_view url) {
  while (!url.empty()) {
    char c = url.back();
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*') {
      url.remove_suffix(1);
    } else if ((c == ')' && Unbalanced(url, '(', ')')) || (c == ']' && Unbalanced(url, '[', ']'))) {
      url.remove_suffix(1);  // "(see http://x/a_(b))": only the last ')' closes the prose
    } else {
      break;
    }
  }
  return url;
}

// Returns the authority host inside `rest` (what follows "//" or the start of
// a "www." form).
std::string HostOfAuthority(std::string_view rest) {
  size_t end = 0;
  while (end < rest.size()) {
    char c = rest[end];
    if (c == '/' || c == '\\' || c == '?' || c == '#' || static_cast<unsigned char>(c) <= 0x20) break;
    end++;
  }
  std::string_view authority = rest.substr(0, end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return AsciiLowered(host);
}

}  // namespace

std::string UrlHost(std::string_view url) {
  size_t start = 0;
  while (start < url.size() && static_cast<unsigned char>(url[start]) <= 0x20) start++;
  url.remove_prefix(start);
  if (StartsWithIgnoreCase(url, "www.")) return HostOfAuthority(url);
  size_t i = 0;
  if (!url.empty() && IsAsciiAlpha(url[0])) {
    while (i < url.size() && (IsAsciiAlnum(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) i++;
    if (i < url.size() && url[i] == ':') {
      i++;
    } else {
      i = 0;  // no scheme: a relative reference unless it starts with "//"
    }
  }
  size_t slashes = 0;
  while (i + slashes < url.size() && (url[i + slashes] == '/' || url[i + slashes] == '\\')) slashes++;
  if (slashes < 2) return "";
  return HostOfAuthority(url.substr(i + slashes));
}

bool ExtractBareUrls(std::string_view text, size_t max_links, std::vector<Link>* links) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool candidate = (c == 'h' || c == 'H' || c == 'w' || c == 'W') && (i == 0 || !IsAsciiAlnum(text[i - 1]));
    if (!candidate) {
      i++;
      continue;
    }
    std::string_view rest = text.substr(i);
    size_t prefix = 0;
    if (StartsWithIgnoreCase(rest, "http://")) {
      prefix = 7;
    } else if (StartsWithIgnoreCase(rest, "https://")) {
      prefix = 8;
    } else if (StartsWithIgnoreCase(rest, "www.") && (i == 0 || (text[i - 1] != '.' && text[i - 1] != '@'))) {
      prefix = 4;
    }
    if (prefix == 0) {
      i++;
      continue;
    }
    size_t end = prefix;
    while (end < rest.size() && !EndsBareUrl(rest[end])) end++;
    std::string_view url = TrimTrailingPunctuation(rest.substr(0, end));
    std::string host = UrlHost(url);
    // "www." alone or "http://" with nothing after it is prose, not a URL.
    bool plausible = !host.empty() && (prefix != 4 || host.find('.', 4) != std::string::npos);
    if (plausible) {
      if (links->size() >= max_links) return false;
      Link link;
      link.href.assign(url);
      link.host = std::move(host);
      link.from_html = false;
      links->push_back(std::move(link));
    }
    i += url.size() > prefix ? url.size() : prefix;
  }
  return true;
}

}  // namespace ohm
