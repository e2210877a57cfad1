// Header facts the RFC 5322 compliance checks read: when the message says it
// was written (and whether that parses), which single-instance fields appear
// twice, raw 8-bit bytes in headers, and over-long lines.
#ifndef OHM_FEATURES_HEADER_METRICS_H_
#define OHM_FEATURES_HEADER_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/raw_message.h"

namespace ohm {

// Parses an RFC 5322 date-time ("Tue, 1 Jul 2003 10:52:37 +0200"), accepting
// what section 4.3 calls obsolete syntax (two-digit years, named zones like
// "EST", missing seconds, comments) since real senders use it. Returns
// seconds since the Unix epoch (UTC), or nullopt when it is not a date.
std::optional<int64_t> ParseRfc5322Date(std::string_view text);

// The time the message reached its latest hop: the date after the last ';'
// of the first (topmost) Received field, or nullopt when there is none or it
// does not parse. In the milter this is the MTA's own Received line, i.e. now;
// for an archived message it is when it was received, so a Date check on an
// old message measures what it measured when the message was sent.
std::optional<int64_t> TopReceivedTime(const RawMessage& raw);

// How many of the fields RFC 5322 section 3.6 allows at most once (From,
// Sender, Reply-To, To, Cc, Bcc, Message-ID, In-Reply-To, References,
// Subject, Date) plus MIME-Version, Content-Type and Content-Transfer-Encoding
// occur more than once.
size_t DuplicateSingleFields(const RawMessage& raw);

// How many header fields carry a byte >= 0x80 in the name or value: 8-bit
// text must be RFC 2047-encoded unless the whole path speaks SMTPUTF8.
size_t FieldsWith8BitBytes(const RawMessage& raw);

// The longest line in bytes, without its CR LF, over every header field
// (each physical line of a folded value; the first counts "Name: ") and the
// body. RFC 5322 section 2.1.1 caps lines at 998.
size_t LongestLine(const RawMessage& raw);

}  // namespace ohm

#endif  // OHM_FEATURES_HEADER_METRICS_H_
