// DKIM signing through libopendkim. A DkimSigner is the immutable signing
// setup of one configuration (settings, loaded keys, library handle); it picks
// the keys for a message (SigningPlan) and starts a MessageSigner, which is
// fed the header fields and body chunks as they arrive and yields the
// DKIM-Signature header values at the end.
#ifndef OHM_DKIM_DKIM_SIGNER_H_
#define OHM_DKIM_DKIM_SIGNER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/dkim_settings.h"
#include "dkim/key_material.h"

struct dkim;
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

class MessageSigner {
 public:
  ~MessageSigner();
  MessageSigner(const MessageSigner&) = delete;
  MessageSigner& operator=(const MessageSigner&) = delete;

  // Feeds one header field as it will be passed on: `value` is everything after
  // the colon (leading space included when there is one). Bare LF in folded
  // values is taken as CRLF.
  void Header(std::string_view name, std::string_view value);
  // Marks the end of the header section; call once, before Body.
  void EndOfHeaders();
  // Feeds a body chunk (CRLF or LF line ends; LF is signed as CRLF).
  void Body(std::string_view chunk);
  // Computes the signatures. Returns false with *error if libopendkim failed
  // at any step. Call once.
  bool Finish(std::vector<MadeSignature>* signatures, std::string* error);

 private:
  friend class DkimSigner;
  MessageSigner() = default;
  struct Handle {
    const SigningKey* key;
    struct dkim* dkim;
  };
  std::vector<Handle> handles_;
  std::string error_;  // first libopendkim failure
  bool headers_ended_ = false;
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

  // A fixed signing time (t=) for reproducible tests; 0 = the clock.
  void SetFixedTimeForTest(uint64_t seconds) const;

 private:
  DkimSigner() = default;
  DkimSettings settings_;
  std::vector<SigningKey> keys_;
  struct dkim_lib* lib_ = nullptr;
  std::vector<std::string> sign_header_names_;
  std::vector<std::string> oversign_names_;
};

// "example.com s1 rsa-sha256, example.com s2 ed25519-sha256"
std::string DescribeSignatures(const std::vector<MadeSignature>& signatures);

}  // namespace ohm

#endif  // OHM_DKIM_DKIM_SIGNER_H_
