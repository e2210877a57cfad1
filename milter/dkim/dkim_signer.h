// DKIM signing. A DkimSigner is the immutable signing setup of one
// configuration (settings, loaded keys, engine); it picks the keys for a
// message (SigningPlan) and starts a MessageSigner, which is fed the header
// fields and body chunks as they arrive and yields the DKIM-Signature header
// values at the end.
#ifndef OHM_DKIM_DKIM_SIGNER_H_
#define OHM_DKIM_DKIM_SIGNER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/dkim_settings.h"
#include "dkim/key_material.h"

struct dkim_lib;

namespace ohm {

// Which keys sign one message, or why none does.
struct SigningPlan {
  std::string sender;       // the address the signing table was matched against
  std::string from_domain;  // domain of the From header address ("" when none)
  std::vector<const SigningKey*> keys;  // empty: not signed
  std::string why_not;      // when keys is empty: "no key for example.org", "no sender address", ...
  bool aligned = true;      // some key's domain aligns with the From domain (DMARC)
  bool sign() const { return !keys.empty(); }
};

// One signature made: its header value and what it says.
struct MadeSignature {
  const SigningKey* key = nullptr;
  std::string value;  // DKIM-Signature value, folded with "\r\n\t", no leading space
};

// Signs one message: fed the header fields and body chunks as they arrive,
// yields the DKIM-Signature values at the end. Two engines implement it (see
// DkimEngine); both take the same calls and give equivalent signatures.
class MessageSigner {
 public:
  virtual ~MessageSigner() = default;

  // Feeds one header field as it will be passed on: `value` is everything after
  // the colon (leading space included when there is one). Bare LF in folded
  // values is taken as CRLF.
  virtual void Header(std::string_view name, std::string_view value) = 0;
  // Marks the end of the header section; call once, before Body.
  virtual void EndOfHeaders() = 0;
  // Feeds a body chunk (CRLF or LF line ends; LF is signed as CRLF).
  virtual void Body(std::string_view chunk) = 0;
  // Computes the signatures, one per key in plan order. Returns false with
  // *error if any step failed. Call once.
  virtual bool Finish(std::vector<MadeSignature>* signatures, std::string* error) = 0;
};

class DkimSigner {
 public:
  // Loads every key of the key table (refusing unsafe or mismatched keys) and
  // sets up libopendkim. Returns nullptr with *errors when anything is wrong.
  static std::shared_ptr<const DkimSigner> Build(const DkimSettings& settings, const KeyLoadOptions& key_options,
                                                 std::vector<std::string>* errors);
  ~DkimSigner();
  DkimSigner(const DkimSigner&) = delete;
  DkimSigner& operator=(const DkimSigner&) = delete;

  const DkimSettings& settings() const { return settings_; }
  const std::vector<SigningKey>& keys() const { return keys_; }

  // Picks the keys for a message from the envelope sender and the raw From
  // header value (nullptr when the message has none), per settings.sign_by.
  SigningPlan Plan(const std::string& envelope_from, const std::string* from_header) const;

  // Starts signing with the plan's keys; `id` names the message in libopendkim
  // errors. Returns nullptr with *error on failure (plan without keys included).
  std::unique_ptr<MessageSigner> Start(const SigningPlan& plan, const std::string& id, std::string* error) const;

  // A fixed signing time (t=) for reproducible tests; 0 = the clock. Not for
  // use while other threads sign.
  void SetFixedTimeForTest(uint64_t seconds) const;

  // The same setup with another engine (tests compare the two engines).
  std::shared_ptr<const DkimSigner> WithEngine(DkimEngine engine) const;

 private:
  DkimSigner() = default;
  bool SetUpLibopendkim(std::vector<std::string>* errors);
  DkimSettings settings_;
  std::vector<SigningKey> keys_;
  struct dkim_lib* lib_ = nullptr;  // only with DkimEngine::kLibopendkim
  mutable uint64_t fixed_time_ = 0;
};

// "example.com s1 rsa-sha256, example.com s2 ed25519-sha256"
std::string DescribeSignatures(const std::vector<MadeSignature>& signatures);

}  // namespace ohm

#endif  // OHM_DKIM_DKIM_SIGNER_H_
