// Sender facts beyond RFC 5322 syntax: what the From field shows a reader.
// Most mail programs show only the display name, so a name that is itself an
// address ("service@paypal.com" <x@mailer.example>) makes the reader believe
// another sender wrote. Gmail, SpamAssassin (FROMNAME_SPOOF) and rspamd
// (SPOOF_DISPLAY_NAME) all count it against the message.
#ifndef OHM_FEATURES_SENDER_METRICS_H_
#define OHM_FEATURES_SENDER_METRICS_H_

#include <string>
#include <string_view>

#include "core/raw_message.h"

namespace ohm {

// True when `display` (the decoded display name) contains an address
// (local@domain.tld) whose domain is neither the domain of `address` (the
// actual addr-spec) nor a parent or subdomain of it. Case-insensitive; an
// address in the name that equals the real one is no spoof.
bool DisplayNameShowsOtherDomain(std::string_view display, std::string_view address);

// True when `address`'s domain is neither the domain of `reference` nor a
// parent or subdomain of it (case-insensitive): a Reply-To that sends the
// answers somewhere else than the From address. False when either has no
// domain.
bool AddressOutsideDomainOf(std::string_view address, std::string_view reference);

// What a later From field names when it disagrees with the first one: its
// first address (or its value, when it has none), "" when the message has at
// most one From field or all of them name the same addresses. Two From fields
// with different authors are how a forged sender is shown to the reader
// while another one passes the receiver's checks; Gmail refuses any message
// with two From fields.
std::string ConflictingFromField(const RawMessage& raw);

}  // namespace ohm

#endif  // OHM_FEATURES_SENDER_METRICS_H_
