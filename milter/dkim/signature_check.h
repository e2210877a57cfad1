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
#include "dkim/dkim_canon.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace ohm {

// One signature to check, with what the signer knows about its key.
struct OwnSignature {
  size_t header_index = 0;   // index of the DKIM-Signature field in the header list
  std::string public_b64;    // p= of the key's DNS record (decoded when public_key is null)
  bool ed25519 = false;      // else rsa-sha256
  const evp_pkey_st* public_key = nullptr;  // the key already decoded, when the caller has it
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
