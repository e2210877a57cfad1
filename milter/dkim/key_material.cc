#include "dkim/key_material.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace ohm {

namespace {

struct PkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

std::string Base64(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  out.resize(n);
  return out;
}

// Keeps the parsed private key and a public-only copy of it on `key`.
bool KeepParsedKey(EVP_PKEY* private_key, SigningKey* key, std::string* error) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(private_key, &der);
  const unsigned char* p = der;
  EVP_PKEY* pub = len > 0 ? d2i_PUBKEY(nullptr, &p, len) : nullptr;
  OPENSSL_free(der);
  if (!pub) {
    *error = "cannot derive the public key";
    return false;
  }
  EVP_PKEY_up_ref(private_key);
  key->private_key.reset(private_key, EVP_PKEY_free);
  key->public_key.reset(pub, EVP_PKEY_free);
  return true;
}

std::string Octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

std::string SigningKey::DnsRecord() const {
  return std::string("v=DKIM1; k=") + (algorithm == DkimAlgorithm::kEd25519Sha256 ? "ed25519" : "rsa") +
         "; p=" + public_b64;
}

std::string SigningKey::DnsName() const { return entry.selector + "._domainkey." + entry.domain; }

std::vector<uid_t> AllowedKeyOwners(const std::string& daemon_user) {
  std::vector<uid_t> owners = {0};
  if (geteuid() != 0) owners.push_back(geteuid());
  if (!daemon_user.empty()) {
    passwd pw;
    passwd* found = nullptr;
    std::vector<char> buf(16384);
    if (getpwnam_r(daemon_user.c_str(), &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_uid != 0 &&
        std::find(owners.begin(), owners.end(), found->pw_uid) == owners.end())
      owners.push_back(found->pw_uid);
  }
  return owners;
}

std::string CheckKeyFileSafety(const std::string& path, const std::vector<uid_t>& allowed_owners) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return "key file " + path + ": " + std::strerror(errno);
  if (!S_ISREG(st.st_mode))
    return "key file " + path + " is not a regular file (a symbolic link or special file is refused)";
  if (st.st_mode & 077) {
    return "key file " + path + " is readable or writable by group or others (mode " + Octal(st.st_mode) +
           "); fix: chmod 600 " + path;
  }
  if (std::find(allowed_owners.begin(), allowed_owners.end(), st.st_uid) == allowed_owners.end()) {
    std::string owners;
    for (uid_t u : allowed_owners) owners += (owners.empty() ? "" : " or ") + std::to_string(u);
    return "key file " + path + " is owned by uid " + std::to_string(st.st_uid) + ", not by the daemon's user (uid " +
           owners + "); fix: chown " + (allowed_owners.empty() ? std::string("root") : std::to_string(allowed_owners.back())) +
           " " + path;
  }
  return "";
}

bool DescribePrivateKey(const std::string& pem, DkimAlgorithm* algorithm, unsigned* bits, std::string* public_b64,
                        std::string* error, SigningKey* parsed) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    *error = "not a PEM private key (unencrypted PKCS#1 or PKCS#8 expected)";
    return false;
  }
  if (parsed && !KeepParsedKey(key.get(), parsed, error)) return false;
  int id = EVP_PKEY_get_base_id(key.get());
  if (id == EVP_PKEY_RSA) {
    *algorithm = DkimAlgorithm::kRsaSha256;
    *bits = static_cast<unsigned>(EVP_PKEY_get_bits(key.get()));
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key.get(), &der);
    if (len <= 0) { *error = "cannot encode the public key"; return false; }
    *public_b64 = Base64(der, static_cast<size_t>(len));
    OPENSSL_free(der);
    return true;
  }
  if (id == EVP_PKEY_ED25519) {
    *algorithm = DkimAlgorithm::kEd25519Sha256;
    *bits = 256;
    unsigned char raw[32];
    size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key.get(), raw, &len) != 1) { *error = "cannot read the Ed25519 public key"; return false; }
    *public_b64 = Base64(raw, len);
    return true;
  }
  *error = "unsupported key type (RSA or Ed25519 expected)";
  return false;
}

bool LoadSigningKey(const DkimKeyEntry& entry, const KeyLoadOptions& options, SigningKey* key, std::string* error) {
  std::string where = (entry.origin.empty() ? "" : entry.origin + ": ") + "key " + entry.name + " (" + entry.key_file + "): ";
  if (options.require_safe_keys) {
    if (std::string why = CheckKeyFileSafety(entry.key_file, options.allowed_owners); !why.empty()) {
      *error = (entry.origin.empty() ? "" : entry.origin + ": ") + why;
      return false;
    }
  }
  std::ifstream in(entry.key_file, std::ios::binary);
  if (!in) {
    *error = where + "cannot read: " + std::strerror(errno);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  SigningKey k;
  k.entry = entry;
  k.private_pem = ss.str();
  std::string why;
  if (!DescribePrivateKey(k.private_pem, &k.algorithm, &k.bits, &k.public_b64, &why, &k)) {
    *error = where + why;
    return false;
  }
  if (entry.algorithm != DkimAlgorithm::kAuto && entry.algorithm != k.algorithm) {
    *error = where + "the key table says " + DkimAlgorithmName(entry.algorithm) + " but the file holds a key for " +
             DkimAlgorithmName(k.algorithm);
    return false;
  }
  if (k.algorithm == DkimAlgorithm::kRsaSha256 && k.bits < options.min_rsa_bits) {
    *error = where + "RSA key of " + std::to_string(k.bits) + " bits is below dkim.min_rsa_bits (" +
             std::to_string(options.min_rsa_bits) + "); generate a 2048-bit key with ohm keygen";
    return false;
  }
  *key = std::move(k);
  return true;
}

std::string GeneratePrivateKeyPem(DkimAlgorithm algorithm, unsigned bits, std::string* error) {
  Pkey key(algorithm == DkimAlgorithm::kEd25519Sha256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{bits}));
  if (!key) {
    *error = "key generation failed";
    return "";
  }
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    *error = "cannot encode the private key";
    return "";
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string ZoneFileTxt(const std::string& record) {
  std::string out = "(";
  for (size_t i = 0; i < record.size(); i += 255) {
    out += (i == 0 ? "\"" : " \"") + record.substr(i, 255) + "\"";
  }
  return out + ")";
}

}  // namespace ohm
