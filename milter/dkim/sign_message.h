// Signing a whole message held in memory (ohm sign, tests): splits the header
// section exactly as written, runs the signer over it and returns the message
// with the DKIM-Signature fields prepended, the rest byte for byte unchanged.
#ifndef OHM_DKIM_SIGN_MESSAGE_H_
#define OHM_DKIM_SIGN_MESSAGE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/raw_message.h"
#include "dkim/dkim_signer.h"

namespace ohm {

// A header field exactly as written: `value` is everything after the colon up
// to (not including) the line end of its last line, folding line ends kept.
struct ExactHeaderSplit {
  std::vector<HeaderField> fields;
  size_t body_offset = 0;       // where the body starts (after the empty line)
  std::string line_end = "\r\n";  // the message's line end, "\r\n" or "\n"
  size_t prefix_bytes = 0;      // a leading mbox "From " line, passed on unchanged
};

// Splits `bytes` into exact header fields and the body offset. Lines of the
// header section that are neither fields nor continuations are dropped from
// `fields` (they cannot be signed) but stay in the output.
ExactHeaderSplit SplitHeadersExact(std::string_view bytes);

struct SignedMessage {
  bool signed_ok = false;
  std::string status;    // "signed example.com s1 rsa-sha256" or "not signed: why"
  std::vector<MadeSignature> signatures;
  std::string bytes;     // the message to pass on (unchanged when not signed)
};

// Signs `bytes` with the keys the signing table picks (`envelope_from` matters
// when dkim.sign_by is envelope_from). Header fields for which `skip(name)`
// returns true (ohm's verdict headers) are not fed to the signer.
SignedMessage SignMessageBytes(const DkimSigner& signer, const std::string& envelope_from, std::string_view bytes,
                               const std::function<bool(std::string_view)>& skip = {});

// The self-check: verifies each of `signatures` (made in this order, each then
// inserted at the top, so the last is first) over the header fields that
// follow them as passed on and the body hash `body_hash_b64` (BodyHasher with
// the signer's body canonicalization). Returns "" when all verify, else
// "KEYNAME: reason" for the first that does not.
std::string SelfCheckSignatures(const std::vector<MadeSignature>& signatures,
                                const std::vector<HeaderField>& headers_after, const std::string& body_hash_b64);

// What to do with a message once its signatures were self-checked.
struct SelfCheckDecision {
  bool insert_signatures = true;  // pass the signatures on
  bool tempfail = false;          // defer the message (dkim.on_self_check_failure = "tempfail")
  std::string status;             // the log's dkim field: "signed ..." or "not signed: self-check failed: ..."
  std::string note;               // a verdict note when the check failed, else ""
};

// Decides per dkim.on_self_check_failure after SelfCheckSignatures returned
// `failure` ("" when every signature verified): a failed check never passes
// the signatures on; it passes the message unsigned (default) or defers it.
SelfCheckDecision DecideAfterSelfCheck(const DkimSettings& settings, const std::vector<MadeSignature>& signatures,
                                       const std::string& failure);

// The signature as a header line ending in `line_end`, folded with `line_end` + TAB.
std::string SignatureHeaderLine(const MadeSignature& signature, const std::string& line_end);

}  // namespace ohm

#endif  // OHM_DKIM_SIGN_MESSAGE_H_
