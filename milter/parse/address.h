// The From header as content checks need it: the display name shown to the
// reader and the addresses behind it, parsed by GMime's RFC 5322 address
// parser (RFC 2047 names, groups, obsolete forms).
#ifndef OHM_PARSE_ADDRESS_H_
#define OHM_PARSE_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace ohm {

struct FromField {
  std::string display;                 // decoded UTF-8 display name of the first mailbox, may be empty
  std::vector<std::string> addresses;  // addr-specs in order, domain part lower-cased
  std::vector<std::string> names;      // each mailbox's decoded display name, in order ("" when it has none)
  bool parse_failed = false;           // no address could be parsed
};

// Parses the raw (possibly folded, possibly encoded) value of a From header.
// Group members count as addresses. An addr-spec may lack a domain when the
// header had none (GMime's lenient mode keeps "root" as written). Unencoded
// 8-bit names are read as UTF-8, else as `fallback_charset` (typically the
// charset the message body declares), else as ISO-8859-1.
FromField ParseFromField(std::string_view raw_value, std::string_view fallback_charset = {});

}  // namespace ohm

#endif  // OHM_PARSE_ADDRESS_H_
