// The self-check: an independent DKIM verifier (OpenSSL only, not libopendkim)
// that checks each signature ohm made against its own public key over the
// exact header fields and body bytes passed on, before the reply goes out.
// It catches what breaks signatures after signing: header fields changed or
// added after signing, line-end handling, a signer bug.
#ifndef OHM_DKIM_SIGNATURE_CHECK_H_
#define OHM_DKIM_SIGNATURE_CHECK_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/raw_message.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace ohm {

// Body canonicalization (RFC 6376 3.4.3 / 3.4.4) and SHA-256 over a body fed
// in chunks of any size. LF line ends are taken as CRLF, as the wire has them.
class BodyHasher {
 public:
  explicit BodyHasher(bool relaxed);
  ~BodyHasher();
  BodyHasher(const BodyHasher&) = delete;
  BodyHasher& operator=(const BodyHasher&) = delete;

  void Update(std::string_view chunk);
  // The bh= value (base64 SHA-256). Call once, after the last Update.
  std::string FinalBase64();

 private:
  void EndLine();
  void Emit(std::string_view data);
  bool relaxed_;
  ::evp_md_ctx_st* md_;
  std::string line_;          // the current line, without its line end
  size_t empty_lines_ = 0;    // empty lines held back: trailing ones are dropped
  bool any_content_ = false;  // some line was emitted
};

// One signature to check, with what the signer knows about its key.
struct OwnSignature {
  size_t header_index = 0;   // index of the DKIM-Signature field in the header list
  std::string public_b64;    // p= of the key's DNS record
  bool ed25519 = false;      // else rsa-sha256
};

// Verifies one signature over `headers` (the header section as passed on, in
// order, signature fields included; values as after the colon) given the body
// hash computed with the signature's body canonicalization. Returns "" when it
// verifies, else the reason ("body hash mismatch", "signature mismatch", ...).
std::string CheckOwnSignature(const std::vector<HeaderField>& headers, const OwnSignature& signature,
                              const std::string& body_hash_b64);

// The value of tag `tag` in a DKIM-Signature value, white space removed; "" when absent.
std::string SignatureTag(std::string_view signature_value, std::string_view tag);

}  // namespace ohm

#endif  // OHM_DKIM_SIGNATURE_CHECK_H_
