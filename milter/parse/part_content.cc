#include "parse/part_content.h"

#include <algorithm>
#include <array>

namespace ohm {

namespace {

// Bytes allowed in base64 content: the alphabet, padding and line breaks
// (RFC 2045 6.8 says decoders ignore the rest, which is what hides payloads).
constexpr std::array<bool, 256> MakeBase64Table() {
  std::array<bool, 256> table{};
  for (int c = 'A'; c <= 'Z'; c++) table[c] = true;
  for (int c = 'a'; c <= 'z'; c++) table[c] = true;
  for (int c = '0'; c <= '9'; c++) table[c] = true;
  for (char c : {'+', '/', '=', '\r', '\n', ' ', '\t'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kBase64Allowed = MakeBase64Table();

// Base64 alphabet characters (not padding, not white space): four of them
// decode to three bytes.
constexpr std::array<bool, 256> MakeBase64Alphabet() {
  std::array<bool, 256> table{};
  for (int c = 'A'; c <= 'Z'; c++) table[c] = true;
  for (int c = 'a'; c <= 'z'; c++) table[c] = true;
  for (int c = '0'; c <= '9'; c++) table[c] = true;
  table['+'] = table['/'] = true;
  return table;
}
constexpr std::array<bool, 256> kBase64Alphabet = MakeBase64Alphabet();

bool HasInvalidBase64(const char* data, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (!kBase64Allowed[static_cast<unsigned char>(data[i])]) return true;
  }
  return false;
}

// Takes decoded output into `out`, honouring the budget. Returns false once
// the budget is spent and more output was offered.
bool Take(const char* data, size_t len, size_t budget, bool keep, DecodedContent* out) {
  size_t room = budget - out->size;
  size_t take = std::min(len, room);
  if (keep) out->bytes.append(data, take);
  out->size += take;
  if (take < len) {
    out->truncated = true;
    return false;
  }
  return true;
}

}  // namespace

DecodedContent DecodePartContent(GMimePart* part, size_t budget, bool keep) {
  DecodedContent out;
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return out;
  GMimeStream* stream = g_mime_data_wrapper_get_stream(wrapper);
  if (stream == nullptr) return out;
  GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(wrapper);
  g_mime_stream_reset(stream);
  char buf[16 * 1024];
  if (!keep && encoding == GMIME_CONTENT_ENCODING_BASE64) {
    // Only the size is wanted (an attachment): counted from the alphabet
    // characters, not decoded. Several times cheaper on a large attachment,
    // and the same figure a decoder gives for base64 padded only at its end.
    size_t alphabet = 0;
    for (;;) {
      ssize_t n = g_mime_stream_read(stream, buf, sizeof(buf));
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(buf[i]);
        alphabet += kBase64Alphabet[c];
        out.invalid_base64 |= !kBase64Allowed[c];
      }
    }
    size_t decoded = alphabet / 4 * 3 + (alphabet % 4 == 0 ? 0 : alphabet % 4 - 1);
    out.size = std::min(decoded, budget);
    out.truncated = decoded > budget;
    return out;
  }
  GMimeFilter* decoder = nullptr;
  if (encoding == GMIME_CONTENT_ENCODING_BASE64 || encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
      encoding == GMIME_CONTENT_ENCODING_UUENCODE) {
    decoder = g_mime_filter_basic_new(encoding, FALSE);
  }
  // A small budget (the first bytes of a file, to tell its type) needs only
  // the first few KB read and decoded, not a whole buffer's worth.
  const size_t chunk = std::min(sizeof(buf), std::max<size_t>(4096, budget * 2));
  bool open = true;
  while (open) {
    ssize_t n = g_mime_stream_read(stream, buf, chunk);
    if (n <= 0) break;
    if (encoding == GMIME_CONTENT_ENCODING_BASE64 && !out.invalid_base64) {
      out.invalid_base64 = HasInvalidBase64(buf, static_cast<size_t>(n));
    }
    if (decoder == nullptr) {
      open = Take(buf, static_cast<size_t>(n), budget, keep, &out);
      continue;
    }
    char* decoded = nullptr;
    size_t decoded_len = 0;
    size_t prespace = 0;
    g_mime_filter_filter(decoder, buf, static_cast<size_t>(n), 0, &decoded, &decoded_len, &prespace);
    open = Take(decoded, decoded_len, budget, keep, &out);
  }
  if (decoder != nullptr) {
    if (open) {
      char* decoded = nullptr;
      size_t decoded_len = 0;
      size_t prespace = 0;
      g_mime_filter_complete(decoder, buf, 0, 0, &decoded, &decoded_len, &prespace);
      Take(decoded, decoded_len, budget, keep, &out);
    }
    g_object_unref(decoder);
  }
  return out;
}

}  // namespace ohm
