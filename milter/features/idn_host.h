// Host names as a reader sees them. A link to "xn--pypal-4ve.com" shows in the
// browser's address bar and in most mail programs as "pаypal.com", with a
// Cyrillic "а": the punycode (RFC 3492) form that the mail carries hides what
// the reader is shown, so checks about look-alike hosts read the Unicode form.
#ifndef OHM_FEATURES_IDN_HOST_H_
#define OHM_FEATURES_IDN_HOST_H_

#include <string>
#include <string_view>

namespace ohm {

// Returns `host` with each "xn--" label decoded to UTF-8 (libidn2). A host
// without such a label, one longer than a DNS name (253 bytes), or one that
// does not decode is returned unchanged: a broken IDN is shown to the reader
// as it is written. Never throws; safe on any bytes.
std::string UnicodeHost(std::string_view host);

}  // namespace ohm

#endif  // OHM_FEATURES_IDN_HOST_H_
