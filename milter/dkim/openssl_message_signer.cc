#include "dkim/openssl_message_signer.h"

#include <algorithm>

#include <openssl/evp.h>

#include "core/ascii.h"
#include "core/raw_message.h"
#include "dkim/dkim_canon.h"

namespace ohm {

namespace {

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return EqualsIgnoreCase(n, name); });
}

struct MdCtxFree { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };

// Signs `data` per the key's algorithm; false on an OpenSSL failure.
bool SignData(const SigningKey& key, const std::string& data, std::string* signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || !key.private_key) return false;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  size_t in_len = data.size();
  unsigned char digest[32];
  const EVP_MD* md = EVP_sha256();
  if (key.algorithm == DkimAlgorithm::kEd25519Sha256) {
    // RFC 8463: PureEdDSA over the SHA-256 hash of the header data.
    unsigned len = 0;
    if (EVP_Digest(in, in_len, digest, &len, EVP_sha256(), nullptr) != 1) return false;
    in = digest;
    in_len = len;
    md = nullptr;
  }
  size_t sig_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key.private_key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &sig_len, in, in_len) != 1)
    return false;
  signature->resize(sig_len);
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature->data()), &sig_len, in, in_len) != 1)
    return false;
  signature->resize(sig_len);
  return true;
}

class OpensslMessageSigner : public MessageSigner {
 public:
  OpensslMessageSigner(const DkimSettings& settings, std::vector<const SigningKey*> keys, uint64_t signing_time)
      : settings_(settings), keys_(std::move(keys)), signing_time_(signing_time), body_(settings.body_relaxed) {}

  void Header(std::string_view name, std::string_view value) override {
    if (headers_ended_) return;
    headers_.push_back({std::string(name), std::string(value)});
  }

  void EndOfHeaders() override { headers_ended_ = true; }

  void Body(std::string_view chunk) override { body_.Update(chunk); }

  bool Finish(std::vector<MadeSignature>* signatures, std::string* error) override {
    signatures->clear();
    std::string bh = body_.FinalBase64();
    std::vector<std::string> present;
    for (const auto& f : headers_)
      if (Contains(settings_.headers, f.name)) present.push_back(f.name);
    std::string h = SignedHeaderList(present, settings_);
    // The header data is the same for every key; only the signature field differs.
    std::string data = SignedHeaderData(headers_, h, headers_.size(), settings_.header_relaxed);
    std::string canon = std::string(settings_.header_relaxed ? "relaxed" : "simple") + "/" +
                        (settings_.body_relaxed ? "relaxed" : "simple");
    for (const SigningKey* key : keys_) {
      std::vector<std::string> tags = {"v=1",
                                       "a=" + DkimAlgorithmName(key->algorithm),
                                       "c=" + canon,
                                       "d=" + key->entry.domain,
                                       "s=" + key->entry.selector,
                                       "t=" + std::to_string(signing_time_),
                                       "bh=" + bh,
                                       "h=" + h,
                                       "b="};
      const size_t used = sizeof("DKIM-Signature: ") - 1;
      std::string unsigned_value = FoldSignatureValue(tags, used);
      std::string signed_data = data + CanonicalHeader("DKIM-Signature", " " + unsigned_value, settings_.header_relaxed);
      std::string signature;
      if (!SignData(*key, signed_data, &signature)) {
        *error = "key " + key->entry.name + ": the OpenSSL signature failed";
        signatures->clear();
        return false;
      }
      tags.back() += Base64Encode(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
      signatures->push_back({key, FoldSignatureValue(tags, used)});
    }
    return true;
  }

 private:
  const DkimSettings& settings_;
  std::vector<const SigningKey*> keys_;
  uint64_t signing_time_;
  BodyHasher body_;
  std::vector<HeaderField> headers_;
  bool headers_ended_ = false;
};

}  // namespace

std::string SignedHeaderList(const std::vector<std::string>& present, const DkimSettings& settings) {
  std::string h;
  auto add = [&h](std::string_view name) {
    if (!h.empty()) h += ':';
    h += name;
  };
  for (const auto& name : present) add(name);
  for (const auto& name : settings.oversign) add(name);
  return h;
}

std::string FoldSignatureValue(const std::vector<std::string>& tags, size_t first_line_used, size_t width) {
  std::string out;
  size_t column = first_line_used;
  auto fold = [&] {
    out += "\r\n\t";
    column = 1;
  };
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string tag = tags[i] + (i + 1 < tags.size() ? ";" : "");
    bool is_b = tag.rfind("b=", 0) == 0;
    // b= always starts a line, so the value hashed with b= empty folds exactly
    // like the value sent (simple header canonicalization keeps the folds).
    if (i > 0) {
      if (is_b || column + 1 + tag.size() > width) fold();
      else { out += ' '; ++column; }
    }
    if (column + tag.size() <= width) {
      out += tag;
      column += tag.size();
      continue;
    }
    // Too long for one line: h= breaks after a ':', b= and bh= anywhere.
    bool names = tag.rfind("h=", 0) == 0;
    size_t pos = 0;
    while (pos < tag.size()) {
      size_t room = width > column ? width - column : 1;
      size_t take = std::min(room, tag.size() - pos);
      if (names && pos + take < tag.size()) {
        size_t colon = tag.rfind(':', pos + take - 1);
        if (colon != std::string::npos && colon >= pos) {
          take = colon + 1 - pos;
        } else if (column > 1) {
          fold();
          continue;
        } else {  // one name longer than a line: never break inside a name
          size_t next = tag.find(':', pos);
          take = next == std::string::npos ? tag.size() - pos : next + 1 - pos;
        }
      }
      out.append(tag, pos, take);
      column += take;
      pos += take;
      if (pos < tag.size()) fold();
    }
  }
  return out;
}

std::unique_ptr<MessageSigner> StartOpensslSigner(const DkimSettings& settings,
                                                  const std::vector<const SigningKey*>& keys, uint64_t signing_time) {
  return std::make_unique<OpensslMessageSigner>(settings, keys, signing_time);
}

}  // namespace ohm
