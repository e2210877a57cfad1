#include "dkim/signature_check.h"

#include <cctype>
#include <map>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace ohm {

namespace {

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

std::string Base64Encode(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  out.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len)));
  return out;
}

// Decodes base64, skipping white space; false on any other invalid character.
bool Base64Decode(std::string_view text, std::string* out) {
  out->clear();
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    int d;
    if (c >= 'A' && c <= 'Z') d = c - 'A';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
    else if (c >= '0' && c <= '9') d = c - '0' + 52;
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else if (c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    else return false;
    value = (value << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return true;
}

// Folded values from the MTA may use bare LF; on the wire they are CRLF.
std::string WithCrlf(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// RFC 6376 3.4.1 / 3.4.2, without the final CRLF.
std::string CanonicalHeader(std::string_view name, std::string_view value, bool relaxed) {
  if (!relaxed) return std::string(name) + ":" + WithCrlf(value);
  std::string n = Lower(name);
  while (!n.empty() && IsWsp(n.back())) n.pop_back();
  std::string v;
  bool in_wsp = false;
  for (char c : value) {
    if (c == '\r' || c == '\n') continue;  // unfold
    if (IsWsp(c)) { in_wsp = true; continue; }
    if (in_wsp && !v.empty()) v += ' ';
    in_wsp = false;
    v += c;
  }
  return n + ":" + v;
}

// The signature value with the b= tag's value removed (RFC 6376 3.7).
std::string WithoutSignatureData(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t semi = value.find(';', pos);
    size_t end = semi == std::string_view::npos ? value.size() : semi;
    std::string_view tag = value.substr(pos, end - pos);
    size_t eq = tag.find('=');
    std::string name;
    if (eq != std::string_view::npos)
      for (char c : tag.substr(0, eq)) if (!IsWsp(c) && c != '\r' && c != '\n') name += c;
    out += name == "b" ? std::string(tag.substr(0, eq + 1)) : std::string(tag);
    if (semi == std::string_view::npos) break;
    out += ';';
    pos = semi + 1;
  }
  return out;
}

struct MdCtxFree { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };
struct PkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };

}  // namespace

BodyHasher::BodyHasher(bool relaxed) : relaxed_(relaxed), md_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(md_, EVP_sha256(), nullptr);
}

BodyHasher::~BodyHasher() { EVP_MD_CTX_free(md_); }

void BodyHasher::Emit(std::string_view data) { EVP_DigestUpdate(md_, data.data(), data.size()); }

void BodyHasher::Update(std::string_view chunk) {
  size_t pos = 0;
  while (pos < chunk.size()) {
    size_t nl = chunk.find('\n', pos);
    if (nl == std::string_view::npos) {
      line_.append(chunk.substr(pos));
      return;
    }
    line_.append(chunk.substr(pos, nl - pos));
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    EndLine();
    pos = nl + 1;
  }
}

void BodyHasher::EndLine() {
  std::string content;
  if (relaxed_) {
    bool in_wsp = false;
    for (char c : line_) {
      if (IsWsp(c)) { in_wsp = true; continue; }
      if (in_wsp) content += ' ';
      in_wsp = false;
      content += c;
    }
  } else {
    content.swap(line_);
  }
  line_.clear();
  if (content.empty()) {
    ++empty_lines_;
    return;
  }
  for (; empty_lines_ > 0; --empty_lines_) Emit("\r\n");
  Emit(content);
  Emit("\r\n");
  any_content_ = true;
}

std::string BodyHasher::FinalBase64() {
  if (!line_.empty()) EndLine();  // a last line without line end gets one
  if (!any_content_ && !relaxed_) Emit("\r\n");  // simple: an empty body is one CRLF
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(md_, digest, &len);
  return Base64Encode(digest, len);
}

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
  std::string data;
  std::map<std::string, size_t> used;  // lower-case name -> instances consumed from the bottom
  std::string h = SignatureTag(sig, "h");
  size_t pos = 0;
  while (pos <= h.size()) {
    size_t colon = h.find(':', pos);
    std::string name = Lower(h.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
    size_t skip = used[name]++;
    for (size_t i = headers.size(); i-- > 0;) {
      if (i == signature.header_index || Lower(headers[i].name) != name) continue;
      if (skip-- > 0) continue;
      data += CanonicalHeader(headers[i].name, headers[i].value, header_relaxed) + "\r\n";
      break;
    }
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  data += CanonicalHeader(headers[signature.header_index].name, WithoutSignatureData(sig), header_relaxed);

  std::string key_bytes, sig_bytes;
  if (!Base64Decode(signature.public_b64, &key_bytes)) return "public key is not base64";
  if (!Base64Decode(SignatureTag(sig, "b"), &sig_bytes)) return "b= is not base64";
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  const auto* kp = reinterpret_cast<const unsigned char*>(key_bytes.data());
  if (signature.ed25519) key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, kp, key_bytes.size()));
  else key.reset(d2i_PUBKEY(nullptr, &kp, static_cast<long>(key_bytes.size())));
  if (!key) return "public key cannot be decoded";

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  int ok;
  const auto* sp = reinterpret_cast<const unsigned char*>(sig_bytes.data());
  if (signature.ed25519) {
    // RFC 8463: Ed25519 (pure) over the SHA-256 hash of the header data.
    unsigned char digest[32];
    unsigned len = 0;
    EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
    ok = EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), sp, sig_bytes.size(), digest, len) == 1;
  } else {
    ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), sp, sig_bytes.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  }
  return ok ? "" : "signature mismatch (a signed header field differs from what was signed)";
}

}  // namespace ohm
