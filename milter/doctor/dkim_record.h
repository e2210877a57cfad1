// DKIM key records (RFC 6376 section 3.6.1, RFC 8463): S._domainkey.D parsed,
// its key decoded and sized, and compared with the private key ohm signs with.
#ifndef OHM_DOCTOR_DKIM_RECORD_H_
#define OHM_DOCTOR_DKIM_RECORD_H_

#include <string>
#include <vector>

#include "doctor/dns_client.h"
#include "doctor/finding.h"

namespace ohm::doctor {

struct DkimKeyRecord {
  std::string key_type = "rsa";  // k=: rsa or ed25519
  std::string public_key;        // p= base64 with whitespace removed; "" means revoked
  int key_bits = 0;              // RSA modulus size, 256 for ed25519; 0 when revoked
  bool testing = false;          // t=y
};

// Parses and decodes a key record. Returns "" on success or what is wrong
// (v= not DKIM1 or not first, unknown k=, no p= tag, p= not a key of type k=).
// An empty p= parses (the key is revoked).
std::string ParseDkimKeyRecord(const std::string& text, DkimKeyRecord* out);

// The key record for the private key in PEM file `key_file`, e.g.
// "v=DKIM1; k=rsa; p=MIIBIjANBg...". Returns "" and sets *error when the file
// cannot be read or holds no RSA or Ed25519 private key.
std::string KeyRecordForPrivateKey(const std::string& key_file, std::string* error);

// One key ohm signs with: its selector and what is known of the key.
struct DkimKeyToCheck {
  std::string selector{};
  std::string key_file{};     // the PEM private key file; "" when unknown
  // The key's own record ("v=DKIM1; k=rsa; p=..."), when the key is already
  // loaded (the daemon, which may no longer be allowed to read the file);
  // "" derives it from key_file.
  std::string public_record{};
};

// Looks up <selector>._domainkey.<domain> and reports: missing, several,
// unparsable or revoked keys, or a key that is not the public half of the
// signing key (fail); an RSA key under 2048 bits or t=y (warn); otherwise
// pass. Without key_file and public_record the match is not checked.
std::vector<Finding> CheckDkim(DnsClient& dns, const std::string& domain, const DkimKeyToCheck& key);
}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_DKIM_RECORD_H_
