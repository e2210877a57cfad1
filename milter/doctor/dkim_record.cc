#include "doctor/dkim_record.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

#include "doctor/dns_names.h"
#include "doctor/tag_list.h"

namespace ohm::doctor {

namespace {

constexpr int kMinRsaBits = 2048;  // what Gmail and RFC 8301 ask for; 1024 is the bare minimum

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

bool Base64Decode(const std::string& in, std::string* out) {
  if (in.empty() || in.size() % 4 != 0) return false;
  std::string buf(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return false;
  size_t padding = in.ends_with("==") ? 2 : in.ends_with("=") ? 1 : 0;
  buf.resize(static_cast<size_t>(n) - padding);
  *out = buf;
  return true;
}

std::string Base64Encode(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

// The published key as an OpenSSL key; null when p= does not hold a key of type k=.
PkeyPtr PublicKeyOf(const DkimKeyRecord& record) {
  std::string der;
  if (!Base64Decode(record.public_key, &der)) return PkeyPtr(nullptr, EVP_PKEY_free);
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  if (record.key_type == "ed25519") {
    // RFC 8463: p= is the raw 32-octet public key, not a SubjectPublicKeyInfo.
    if (der.size() != 32) return PkeyPtr(nullptr, EVP_PKEY_free);
    return PkeyPtr(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, p, 32), EVP_PKEY_free);
  }
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (!key) {  // some publish the bare PKCS#1 RSAPublicKey; receivers accept it
    p = reinterpret_cast<const unsigned char*>(der.data());
    key = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()));
  }
  if (key && EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    key = nullptr;
  }
  return PkeyPtr(key, EVP_PKEY_free);
}

PkeyPtr ReadPrivateKey(const std::string& key_file, std::string* error) {
  FILE* f = std::fopen(key_file.c_str(), "r");
  if (!f) {
    *error = "cannot read " + key_file;
    return PkeyPtr(nullptr, EVP_PKEY_free);
  }
  EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!key) *error = key_file + " holds no PEM private key";
  return PkeyPtr(key, EVP_PKEY_free);
}

// Whether two parsed records carry the same key; EVP_PKEY_eq compares the
// public components and the key type, whatever the encoding of p=.
bool SamePublicKey(const DkimKeyRecord& a, const DkimKeyRecord& b) {
  PkeyPtr x = PublicKeyOf(a), y = PublicKeyOf(b);
  return x && y && EVP_PKEY_eq(x.get(), y.get()) == 1;
}

}  // namespace

std::string ParseDkimKeyRecord(const std::string& text, DkimKeyRecord* out) {
  *out = DkimKeyRecord{};
  std::vector<Tag> tags;
  if (std::string error = ParseTagList(text, &tags); !error.empty()) return error;
  bool first = true, have_p = false;
  for (const Tag& t : tags) {
    const std::string& name = t.name;
    const std::string& value = t.value;
    if (name == "v" && (!first || value != "DKIM1")) return "v= must come first and be DKIM1";
    first = false;
    if (name == "k") {
      out->key_type = LowercaseName(value);
      if (out->key_type != "rsa" && out->key_type != "ed25519") return "k=" + value + " is not rsa or ed25519";
    } else if (name == "p") {
      have_p = true;
      for (char c : value)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out->public_key += c;
    } else if (name == "t") {
      out->testing = value.find('y') != std::string::npos;
    }
  }
  if (!have_p) return "the record has no p= tag";
  if (out->public_key.empty()) return "";  // revoked
  PkeyPtr key = PublicKeyOf(*out);
  if (!key) return "p= is not a valid " + out->key_type + " public key";
  out->key_bits = EVP_PKEY_get_bits(key.get());
  return "";
}

std::string KeyRecordForPrivateKey(const std::string& key_file, std::string* error) {
  PkeyPtr key = ReadPrivateKey(key_file, error);
  if (!key) return "";
  int id = EVP_PKEY_get_base_id(key.get());
  if (id == EVP_PKEY_ED25519) {
    unsigned char raw[32];
    size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key.get(), raw, &size) != 1) {
      *error = "cannot extract the public key of " + key_file;
      return "";
    }
    return "v=DKIM1; k=ed25519; p=" + Base64Encode(raw, size);
  }
  if (id != EVP_PKEY_RSA) {
    *error = key_file + " is neither an RSA nor an Ed25519 key";
    return "";
  }
  unsigned char* der = nullptr;
  int size = i2d_PUBKEY(key.get(), &der);
  if (size <= 0) {
    *error = "cannot extract the public key of " + key_file;
    return "";
  }
  std::string record = "v=DKIM1; k=rsa; p=" + Base64Encode(der, static_cast<size_t>(size));
  OPENSSL_free(der);
  return record;
}

std::vector<Finding> CheckDkim(DnsClient& dns, const std::string& domain, const DkimKeyToCheck& key) {
  const std::string& key_file = key.key_file;
  Finding f;
  f.check = "dkim";
  f.subject = key.selector + "._domainkey." + domain;
  f.details["selector"] = key.selector;
  std::string key_error;
  std::string wanted = !key.public_record.empty() ? key.public_record
                       : key_file.empty()         ? ""
                                                  : KeyRecordForPrivateKey(key_file, &key_error);
  DkimKeyRecord signing_key;
  if (key_error.empty() && !wanted.empty()) {
    if (std::string error = ParseDkimKeyRecord(wanted, &signing_key); !error.empty())
      key_error = "the signing key's own record does not parse: " + error;
  }
  if (!key_error.empty()) {
    f.severity = Severity::kFail;
    f.summary = key_error;
    f.why = "The private key ohm signs with must be readable to compare it with the published key.";
    return {f};
  }
  // Without --key the exact key is unknown: show the shape of the record and how to get p=.
  std::string fix = wanted.empty()
      ? TxtRecordLine(f.subject, "v=DKIM1; k=rsa; p=<base64 public key>") +
            "   (p= from: openssl pkey -in KEY.pem -pubout -outform DER | base64 -w0)"
      : TxtRecordLine(f.subject, wanted);
  DnsAnswer txt = dns.Query(f.subject, DnsType::kTxt);
  if (txt.is_error()) {
    f.severity = Severity::kFail;
    f.summary = "DNS error: " + txt.error;
    f.why = "Receivers that cannot fetch the key treat the DKIM signature as temperror and cannot use it for DMARC.";
    return {f};
  }
  std::vector<std::string> records;
  for (const std::string& r : txt.records)
    if (r.find("p=") != std::string::npos || r.starts_with("v=DKIM1")) records.push_back(r);
  if (records.empty()) {
    f.severity = Severity::kFail;
    f.summary = "no DKIM key at " + f.subject;
    f.why = "Without a published key receivers cannot verify ohm's signatures, so DKIM fails and DMARC can rely on SPF alone.";
    f.fix = fix;
    return {f};
  }
  f.details["record"] = records[0];
  if (records.size() > 1) {
    f.severity = Severity::kFail;
    f.summary = std::to_string(records.size()) + " key records at " + f.subject;
    f.why = "Receivers pick one of several key records at random, so signatures fail some of the time.";
    f.fix = fix;
    return {f};
  }
  DkimKeyRecord record;
  std::string error = ParseDkimKeyRecord(records[0], &record);
  if (!error.empty()) {
    f.severity = Severity::kFail;
    f.summary = "DKIM key record does not parse: " + error;
    f.why = "Receivers treat an unparsable key record as no key, so every signature fails.";
    f.fix = fix;
    return {f};
  }
  f.details["key_type"] = record.key_type;
  f.details["key_bits"] = record.key_bits;
  if (record.public_key.empty()) {
    f.severity = Severity::kFail;
    f.summary = "the key at " + f.subject + " is revoked (empty p=)";
    f.why = "A revoked key makes every signature with this selector fail; publish the current key or sign with another selector.";
    f.fix = fix;
    return {f};
  }
  std::string key_name = key_file.empty() ? "the signing key" : key_file;
  if (!wanted.empty()) {
    bool matches = SamePublicKey(record, signing_key);
    f.details["matches_key"] = matches;
    if (!matches) {
      f.severity = Severity::kFail;
      f.summary = "the published key is not the public half of " + key_name;
      f.why = "Receivers verify with the published key, so every message ohm signs with this key fails DKIM.";
      f.fix = fix;
      return {f};
    }
  }
  f.summary = record.key_type + " key, " + std::to_string(record.key_bits) + " bits" +
              (wanted.empty() ? "" : ", matches " + key_name);
  if (record.key_type == "rsa" && record.key_bits < kMinRsaBits) {
    f.severity = Severity::kWarn;
    f.why = "RSA keys under 2048 bits are considered breakable and some receivers (RFC 8301) treat such signatures as failing.";
    f.fix = TxtRecordLine(f.subject, "v=DKIM1; k=rsa; p=<base64 public key of a new 2048-bit key>") +
            "   (new key: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out KEY.pem)";
  } else if (record.testing) {
    f.severity = Severity::kWarn;
    f.why = "t=y tells receivers the domain is testing DKIM, and they may treat failing and passing signatures alike.";
    f.fix = wanted.empty() ? "" : TxtRecordLine(f.subject, wanted);
  }
  return {f};
}

}  // namespace ohm::doctor
