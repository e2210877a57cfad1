// DKIM private keys on disk and their public halves in DNS: the safe-file check
// (like OpenDKIM's RequireSafeKeys), loading and checking a key against the
// key table, generating new keys and formatting the TXT record to publish.
#ifndef OHM_DKIM_KEY_MATERIAL_H_
#define OHM_DKIM_KEY_MATERIAL_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "dkim/dkim_settings.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace ohm {

// A private key loaded from the key table, ready for libopendkim.
struct SigningKey {
  DkimKeyEntry entry;
  DkimAlgorithm algorithm = DkimAlgorithm::kAuto;  // never kAuto once loaded
  unsigned bits = 0;        // RSA modulus size; 256 for Ed25519
  std::string private_pem;  // as read from the file; handed to dkim_sign()
  std::string public_b64;   // the p= value of the DNS record
  // Both halves parsed once at load: parsing a PEM key costs more than an RSA
  // signature under OpenSSL 3 and contends between threads. Read-only after load.
  std::shared_ptr<evp_pkey_st> private_key;
  std::shared_ptr<evp_pkey_st> public_key;
  // The DNS TXT record value: "v=DKIM1; k=rsa; p=..." or "v=DKIM1; k=ed25519; p=...".
  std::string DnsRecord() const;
  // "selector._domainkey.domain"
  std::string DnsName() const;
};

// Returns "" when `path` is a regular file that neither group nor others may
// read or write and that is owned by one of `allowed_owners`; else a message
// naming the file, what is wrong and the command that fixes it.
std::string CheckKeyFileSafety(const std::string& path, const std::vector<uid_t>& allowed_owners);

// The owners a key file may have: root, the current user, and `daemon_user`
// (milter.user) when that user exists.
std::vector<uid_t> AllowedKeyOwners(const std::string& daemon_user);

struct KeyLoadOptions {
  bool require_safe_keys = true;
  std::vector<uid_t> allowed_owners;  // see CheckKeyFileSafety
  unsigned min_rsa_bits = 2048;
};

// Reads and checks the key of `entry`: file safety, a PEM private key of the
// declared algorithm (or any supported one for kAuto), RSA at least
// min_rsa_bits. Returns false with *error ("origin: key NAME (file): why").
bool LoadSigningKey(const DkimKeyEntry& entry, const KeyLoadOptions& options, SigningKey* key, std::string* error);

// Generates a private key: RSA of `bits` bits, or Ed25519 (bits ignored).
// Returns the PKCS#8 PEM text, or "" with *error.
std::string GeneratePrivateKeyPem(DkimAlgorithm algorithm, unsigned bits, std::string* error);

// Derives algorithm, size and p= value from PEM private key text; when `key`
// is not null, also hands over the parsed private key and its public half.
// Returns false with *error.
bool DescribePrivateKey(const std::string& pem, DkimAlgorithm* algorithm, unsigned* bits, std::string* public_b64,
                        std::string* error, SigningKey* key = nullptr);

// Splits a TXT record value into strings of at most 255 bytes, as DNS requires,
// and formats them for a zone file: ("part1" "part2").
std::string ZoneFileTxt(const std::string& record);

}  // namespace ohm

#endif  // OHM_DKIM_KEY_MATERIAL_H_
