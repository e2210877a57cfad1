// The [dkim] section of the configuration, typed and validated: signing
// options, the key table (which key files exist) and the signing table (which
// senders use which keys), possibly imported from OpenDKIM's KeyTable and
// SigningTable files.
#ifndef OHM_DKIM_DKIM_SETTINGS_H_
#define OHM_DKIM_DKIM_SETTINGS_H_

#include <string>
#include <vector>

#include <toml++/toml.h>

namespace ohm {

enum class DkimAlgorithm { kAuto, kRsaSha256, kEd25519Sha256 };

// "rsa-sha256" / "ed25519-sha256" ("auto" for kAuto).
std::string DkimAlgorithmName(DkimAlgorithm algorithm);

// One row of the key table: a named private key that signs for a domain.
struct DkimKeyEntry {
  std::string name;      // what the signing table refers to
  std::string domain;    // d= (lower case)
  std::string selector;  // s=
  std::string key_file;  // PEM private key (PKCS#1 or PKCS#8)
  DkimAlgorithm algorithm = DkimAlgorithm::kAuto;  // kAuto: taken from the key itself
  std::string origin;    // "file:line" where the row was written, for messages
};

// One row of the signing table: senders matching `pattern` are signed with `keys`.
struct DkimSigningEntry {
  std::string pattern;            // see SigningTable in signing_table.h
  std::vector<std::string> keys;  // key names; one per algorithm (dual signing)
  std::string origin;
};

enum class SignBy { kHeaderFrom, kEnvelopeFrom };
enum class SelfCheckFailure { kPassUnsigned, kTempfail };
// Who computes signatures: ohm's own signer over OpenSSL with each key parsed
// once (the default), or libopendkim, which parses the PEM key for every
// message (kept as the reference the tests compare against).
enum class DkimEngine { kOpenssl, kLibopendkim };

struct DkimSettings {
  bool enabled = false;
  SignBy sign_by = SignBy::kHeaderFrom;
  DkimEngine engine = DkimEngine::kOpenssl;
  bool header_relaxed = true;  // canonicalization "relaxed/relaxed" by default
  bool body_relaxed = true;
  // Header fields signed when present; From must be in it. List-Unsubscribe and
  // List-Unsubscribe-Post are added when missing (RFC 8058 requires them signed).
  std::vector<std::string> headers;
  // Header fields signed once more than they occur, so none can be added later.
  std::vector<std::string> oversign;
  unsigned min_rsa_bits = 2048;
  bool require_safe_keys = true;
  bool self_check = true;
  SelfCheckFailure on_self_check_failure = SelfCheckFailure::kPassUnsigned;
  double no_key_score = 1.0;  // score of the DKIM_NO_KEY_FOR_FROM rule hit
  std::string opendkim_key_table;      // "" = none
  std::string opendkim_signing_table;  // "" = none
  std::vector<DkimKeyEntry> keys;
  std::vector<DkimSigningEntry> signing;
};

// The default signed and oversigned header lists.
std::vector<std::string> DefaultSignedHeaders();
std::vector<std::string> DefaultOversignedHeaders();

// Reads the [dkim] table (`table` may be null: DKIM off). `source` names the
// configuration file in errors, which are appended as "file:line: message".
// OpenDKIM tables named by the settings are read and appended to keys/signing.
// Returns true when there was no error.
bool ParseDkimSettings(const toml::table* table, const std::string& source, DkimSettings* settings,
                       std::vector<std::string>* errors);

}  // namespace ohm

#endif  // OHM_DKIM_DKIM_SETTINGS_H_
