// DKIM canonicalization (RFC 6376 3.4) and the encodings around it, shared by
// ohm's signer and its self-check verifier.
#ifndef OHM_DKIM_DKIM_CANON_H_
#define OHM_DKIM_DKIM_CANON_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/raw_message.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace ohm {

// `text` with every bare LF turned into CRLF: the MTA hands folded header
// values over with bare LF, the wire (and so DKIM) has CRLF.
std::string WithCrlf(std::string_view text);

// One header field canonicalized (RFC 6376 3.4.1 simple / 3.4.2 relaxed),
// without the final CRLF. `value` is everything after the colon.
std::string CanonicalHeader(std::string_view name, std::string_view value, bool relaxed);

// A DKIM-Signature value with the b= tag's value removed (RFC 6376 3.7).
std::string WithoutSignatureData(std::string_view value);

// The header data a signature with header list `h` (colon-separated names)
// covers: for each name, the next instance counted from the bottom (RFC 6376
// 5.4.2), canonicalized and followed by CRLF; a name with no instance left
// contributes nothing (that is what oversigning relies on). The field at
// `skip_index` (the signature itself) is never selected.
std::string SignedHeaderData(const std::vector<HeaderField>& headers, std::string_view h, size_t skip_index,
                             bool relaxed);

// Standard base64 without line breaks.
std::string Base64Encode(const unsigned char* data, size_t len);
// Decodes base64, skipping white space and '='; false on any other invalid character.
bool Base64Decode(std::string_view text, std::string* out);

// Body canonicalization (RFC 6376 3.4.3 / 3.4.4) and SHA-256 over a body fed
// in chunks of any size. LF line ends are taken as CRLF, as the wire has them.
class BodyHasher {
 public:
  explicit BodyHasher(bool relaxed);
  ~BodyHasher();
  BodyHasher(const BodyHasher&) = delete;
  BodyHasher& operator=(const BodyHasher&) = delete;

  // Feeds the next chunk of the body.
  void Update(std::string_view chunk);
  // The bh= value (base64 SHA-256). Call once, after the last Update.
  std::string FinalBase64();

 private:
  void EndLine();
  void Emit(std::string_view data);
  bool relaxed_;
  ::evp_md_ctx_st* md_;
  std::string line_;          // the current line, without its line end
  std::string canonical_;     // scratch buffer for a relaxed line
  size_t empty_lines_ = 0;    // empty lines held back: trailing ones are dropped
  bool any_content_ = false;  // some line was emitted
};

}  // namespace ohm

#endif  // OHM_DKIM_DKIM_CANON_H_
