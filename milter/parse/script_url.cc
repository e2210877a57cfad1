#include "parse/script_url.h"

#include <algorithm>
#include <iterator>

#include "core/ascii.h"

namespace ohm {

namespace {

constexpr size_t kLongestScheme = 10;  // "javascript"

// Reads the scheme of `url` into `scheme` (lower case) and returns the offset
// just past its colon, or 0 when `url` has no scheme of at most
// kLongestScheme letters.
size_t ReadScheme(std::string_view url, char (&scheme)[kLongestScheme + 1]) {
  size_t length = 0;
  for (size_t i = 0; i < url.size(); i++) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (c == ':') {
      scheme[length] = '\0';
      return length > 0 ? i + 1 : 0;
    }
    if (c == '\t' || c == '\n' || c == '\r' || (length == 0 && c <= 0x20)) continue;
    if (length == kLongestScheme) return 0;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (!(c >= 'a' && c <= 'z')) return 0;
    scheme[length++] = static_cast<char>(c);
  }
  return 0;
}

}  // namespace

bool IsUrlAttribute(std::string_view name) {
  static constexpr std::string_view kNames[] = {"href",   "src",    "action", "formaction", "background",
                                                "lowsrc", "dynsrc", "data",   "poster",     "xlink:href"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool IsEventHandlerAttribute(std::string_view name) { return name.size() > 2 && name.substr(0, 2) == "on"; }

bool IsScriptSchemeUrl(std::string_view url) {
  char scheme[kLongestScheme + 1];
  if (ReadScheme(url, scheme) == 0) return false;
  std::string_view s(scheme);
  return s == "javascript" || s == "vbscript";
}

bool IsDocumentDataUrl(std::string_view url) {
  char scheme[kLongestScheme + 1];
  size_t rest_at = ReadScheme(url, scheme);
  if (rest_at == 0 || std::string_view(scheme) != "data") return false;
  std::string_view rest = url.substr(rest_at);
  while (!rest.empty() && static_cast<unsigned char>(rest.front()) <= ' ') rest.remove_prefix(1);
  return StartsWithIgnoreCase(rest, "text/html") || StartsWithIgnoreCase(rest, "image/svg+xml");
}

}  // namespace ohm
