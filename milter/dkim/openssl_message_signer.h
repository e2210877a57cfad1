// ohm's own DKIM signing engine (dkim.engine = "openssl", the default):
// RFC 6376 canonicalization (dkim_canon.h), SHA-256 fed while the body
// streams in, and RSA / Ed25519 (RFC 8463) signatures with keys parsed once
// at load. Its signatures are checked against libopendkim's in the tests.
#ifndef OHM_DKIM_OPENSSL_MESSAGE_SIGNER_H_
#define OHM_DKIM_OPENSSL_MESSAGE_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dkim/dkim_settings.h"
#include "dkim/dkim_signer.h"
#include "dkim/key_material.h"

namespace ohm {

// Starts signing one message with `keys` (each with its parsed private_key)
// per the settings' canonicalization and header lists. `signing_time` is the
// t= value (seconds since the epoch); `settings` and `keys` must outlive the
// signer.
std::unique_ptr<MessageSigner> StartOpensslSigner(const DkimSettings& settings,
                                                  const std::vector<const SigningKey*>& keys, uint64_t signing_time);

// The h= list for header fields named `present` (in message order): every
// field in the signed list, then each oversigned name once more, so that a
// field of that name added later breaks the signature.
std::string SignedHeaderList(const std::vector<std::string>& present, const DkimSettings& settings);

// Folds a DKIM-Signature value to lines of at most `width` characters:
// breaks after "; " between tags, at ':' inside h= and anywhere inside b=
// and bh=. Folds are "\r\n\t". `first_line_used` counts "DKIM-Signature: ".
std::string FoldSignatureValue(const std::vector<std::string>& tags, size_t first_line_used, size_t width = 76);

}  // namespace ohm

#endif  // OHM_DKIM_OPENSSL_MESSAGE_SIGNER_H_
