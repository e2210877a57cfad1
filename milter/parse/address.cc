#include "parse/address.h"

#include <gmime/gmime.h>

#include "parse/mime_parser.h"
#include "parse/utf8_text.h"

namespace ohm {

namespace {

// Lower-cases the domain part: domains are case-insensitive, local parts are
// not (RFC 5321 4.1.2), so only the part after the last '@' changes.
std::string NormalizedAddress(std::string_view addr) {
  std::string out;
  AppendLenientUtf8(addr, &out);
  size_t at = out.rfind('@');
  if (at != std::string::npos) {
    for (size_t i = at + 1; i < out.size(); i++) {
      if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
    }
  }
  return out;
}

void CollectMailboxes(InternetAddressList* list, int depth, bool* seen_mailbox, FromField* out) {
  if (list == nullptr) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n; i++) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      // The name shows even when the address is empty ("MAILER-DAEMON <>").
      const char* name = internet_address_get_name(ia);
      out->names.emplace_back();
      if (name != nullptr) AppendLenientUtf8(name, &out->names.back());
      if (!*seen_mailbox) {
        out->display = out->names.back();
        *seen_mailbox = true;
      }
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
      if (addr == nullptr || *addr == '\0') continue;
      out->addresses.push_back(NormalizedAddress(addr));
    } else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth == 0) {
      // RFC 5322 groups do not nest; one level is all a valid header has.
      CollectMailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), depth + 1, seen_mailbox,
                       out);
    }
  }
}

}  // namespace

FromField ParseFromField(std::string_view raw_value, std::string_view fallback_charset) {
  EnsureGMimeInit();
  FromField field;
  // GMime reads C strings: a NUL would silently end the header early.
  std::string value(raw_value);
  for (char& c : value) {
    if (c == '\0') c = ' ';
  }
  GMimeParserOptions* options = g_mime_parser_options_new();
  std::string fallback(fallback_charset);
  const char* charsets[] = {"utf-8", fallback.c_str(), "iso-8859-1", nullptr};
  if (fallback.empty()) charsets[1] = "iso-8859-1", charsets[2] = nullptr;
  g_mime_parser_options_set_fallback_charsets(options, charsets);
  InternetAddressList* list = internet_address_list_parse(options, value.c_str());
  bool seen_mailbox = false;
  CollectMailboxes(list, 0, &seen_mailbox, &field);
  if (list != nullptr) g_object_unref(list);
  g_mime_parser_options_free(options);
  field.parse_failed = field.addresses.empty();
  return field;
}

}  // namespace ohm
