// URLs as content checks see them: the host a link points at, and the bare
// URLs written in plain text (which mail clients turn into links).
#ifndef OHM_PARSE_URL_EXTRACT_H_
#define OHM_PARSE_URL_EXTRACT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parsed_message.h"

namespace ohm {

// Returns the lower-case host of `url` for "scheme://host...", "//host..." and
// "www.host..." forms, without user info, port or trailing dot; backslashes
// count as slashes, as browsers read them. Returns "" for anything without a
// host (mailto:, javascript:, cid:, relative paths).
std::string UrlHost(std::string_view url);

// Appends to `links` the bare http://, https:// and www. URLs found in `text`
// (from_html=false, empty text), trailing punctuation excluded, until `links`
// holds `max_links`. Returns false when URLs were left out for that limit.
bool ExtractBareUrls(std::string_view text, size_t max_links, std::vector<Link>* links);

}  // namespace ohm

#endif  // OHM_PARSE_URL_EXTRACT_H_
