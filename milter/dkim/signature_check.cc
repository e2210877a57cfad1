#include "dkim/signature_check.h"

#include <cctype>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace ohm {

namespace {

struct MdCtxFree { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };
struct PkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };

}  // namespace

std::string SignatureTag(std::string_view value, std::string_view tag) {
  size_t pos = 0;
  while (pos < value.size()) {
    size_t semi = value.find(';', pos);
    size_t end = semi == std::string_view::npos ? value.size() : semi;
    std::string_view t = value.substr(pos, end - pos);
    size_t eq = t.find('=');
    if (eq != std::string_view::npos) {
      std::string name, content;
      for (char c : t.substr(0, eq)) if (!std::isspace(static_cast<unsigned char>(c))) name += c;
      for (char c : t.substr(eq + 1)) if (!std::isspace(static_cast<unsigned char>(c))) content += c;
      if (name == tag) return content;
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return "";
}

std::string CheckOwnSignature(const std::vector<HeaderField>& headers, const OwnSignature& signature,
                              const std::string& body_hash_b64) {
  if (signature.header_index >= headers.size()) return "no such signature field";
  const std::string& sig = headers[signature.header_index].value;
  std::string c = SignatureTag(sig, "c");
  bool header_relaxed = c.rfind("relaxed", 0) == 0;
  if (!SignatureTag(sig, "l").empty()) return "l= (body length) is not expected in own signatures";
  if (SignatureTag(sig, "bh") != body_hash_b64) return "body hash mismatch (the body passed on is not the body signed)";

  // Header fields named in h=, each time taking the next instance from the bottom (RFC 6376 5.4.2).
  std::string data = SignedHeaderData(headers, SignatureTag(sig, "h"), signature.header_index, header_relaxed);
  data += CanonicalHeader(headers[signature.header_index].name, WithoutSignatureData(sig), header_relaxed);

  std::string sig_bytes;
  if (!Base64Decode(SignatureTag(sig, "b"), &sig_bytes)) return "b= is not base64";
  // Decoding a public key goes through OpenSSL 3's decoder look-ups, which are
  // costly and contended between threads: the milter passes the key decoded once.
  std::unique_ptr<EVP_PKEY, PkeyFree> decoded;
  EVP_PKEY* key = const_cast<EVP_PKEY*>(signature.public_key);
  if (!key) {
    std::string key_bytes;
    if (!Base64Decode(signature.public_b64, &key_bytes)) return "public key is not base64";
    const auto* kp = reinterpret_cast<const unsigned char*>(key_bytes.data());
    if (signature.ed25519) decoded.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, kp, key_bytes.size()));
    else decoded.reset(d2i_PUBKEY(nullptr, &kp, static_cast<long>(key_bytes.size())));
    if (!decoded) return "public key cannot be decoded";
    key = decoded.get();
  }

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  int ok;
  const auto* sp = reinterpret_cast<const unsigned char*>(sig_bytes.data());
  if (signature.ed25519) {
    // RFC 8463: Ed25519 (pure) over the SHA-256 hash of the header data.
    unsigned char digest[32];
    unsigned len = 0;
    EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
    ok = EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), sp, sig_bytes.size(), digest, len) == 1;
  } else {
    ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), sp, sig_bytes.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  }
  return ok ? "" : "signature mismatch (a signed header field differs from what was signed)";
}

}  // namespace ohm
