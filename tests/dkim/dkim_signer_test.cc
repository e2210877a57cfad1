// Signing through libopendkim, checked by the independent self-check verifier
// (OpenSSL, own canonicalization), which is itself checked against the
// RFC 8463 example when the shared corpus is present.
#include "dkim/dkim_signer.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dkim/sign_message.h"
#include "dkim/signature_check.h"
#include "dkim_test_support.h"

using namespace ohm;

namespace {

const char* kMessage =
    "From: Alice <alice@example.com>\r\n"
    "To: bob@example.net\r\n"
    "Subject: Quarterly\r\n"
    " report\r\n"
    "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
    "Message-ID: <q1@example.com>\r\n"
    "List-Unsubscribe: <https://example.com/u/1>\r\n"
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
    "X-Ohm-Score: 0\r\n"
    "\r\n"
    "Hello Bob,\r\n"
    "\r\n"
    "the  numbers\t are in.\r\n"
    "\r\n\r\n";

struct Setup {
  TempDir dir;
  DkimSettings settings;
  std::shared_ptr<const DkimSigner> signer;

  explicit Setup(const std::string& canonicalization = "relaxed/relaxed") {
    settings.enabled = true;
    settings.headers = DefaultSignedHeaders();
    settings.oversign = DefaultOversignedHeaders();
    settings.header_relaxed = canonicalization.rfind("relaxed/", 0) == 0;
    settings.body_relaxed = canonicalization.find("/relaxed") != std::string::npos;
    settings.keys = {KeyEntry("rsa", "example.com", "s1", MakeKeyFile(dir, "rsa.key", DkimAlgorithm::kRsaSha256)),
                     KeyEntry("ed", "example.com", "s2", MakeKeyFile(dir, "ed.key", DkimAlgorithm::kEd25519Sha256)),
                     KeyEntry("other", "example.org", "o1", MakeKeyFile(dir, "o.key", DkimAlgorithm::kEd25519Sha256))};
    settings.signing = {{"alice@example.com", {"rsa", "ed"}, "t:1"},
                        {"example.com", {"rsa"}, "t:2"},
                        {".example.com", {"ed"}, "t:3"},
                        {"*@partner.example", {"other"}, "t:4"}};
  }
  const DkimSigner& Build() {
    KeyLoadOptions o;
    o.allowed_owners = {0, geteuid()};
    std::vector<std::string> errors;
    signer = DkimSigner::Build(settings, o, &errors);
    REQUIRE_MESSAGE(signer != nullptr, (errors.empty() ? std::string() : errors[0]));
    return *signer;
  }
};

bool SkipVerdict(std::string_view name) { return name.rfind("X-Ohm-", 0) == 0; }

// Checks every DKIM-Signature field at the top of `message` with the independent verifier.
std::string VerifyAll(const DkimSigner& signer, const std::string& message) {
  ExactHeaderSplit split = SplitHeadersExact(message);
  BodyHasher hasher(signer.settings().body_relaxed);
  hasher.Update(std::string_view(message).substr(split.body_offset));
  std::string bh = hasher.FinalBase64();
  int checked = 0;
  for (size_t i = 0; i < split.fields.size() && split.fields[i].name == "DKIM-Signature"; ++i) {
    std::string s = SignatureTag(split.fields[i].value, "s");
    const SigningKey* key = nullptr;
    for (const auto& k : signer.keys()) if (k.entry.selector == s) key = &k;
    if (!key) return "unknown selector " + s;
    std::string why = CheckOwnSignature(split.fields, {i, key->public_b64, key->algorithm == DkimAlgorithm::kEd25519Sha256}, bh);
    if (!why.empty()) return s + ": " + why;
    ++checked;
  }
  return checked ? "" : "no signature";
}

}  // namespace

TEST_CASE("body hashes of empty bodies match RFC 6376 (simple: one CRLF; relaxed: nothing)") {
  BodyHasher simple(false), relaxed(true);
  CHECK(simple.FinalBase64() == "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
  CHECK(relaxed.FinalBase64() == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST_CASE("body hashing does not depend on chunk boundaries or LF versus CRLF") {
  std::string body = "a  b \t\r\nline two\r\n\r\n\r\n";
  BodyHasher whole(true);
  whole.Update(body);
  std::string expected = whole.FinalBase64();
  for (size_t cut = 1; cut < body.size(); ++cut) {
    BodyHasher parts(true);
    parts.Update(body.substr(0, cut));
    parts.Update(body.substr(cut));
    CHECK(parts.FinalBase64() == expected);
  }
  BodyHasher lf(true);
  lf.Update("a  b \t\nline two\n\n\n");
  CHECK(lf.FinalBase64() == expected);
}

TEST_CASE("the independent verifier accepts the RFC 8463 Appendix A signatures (ed25519 and rsa)") {
  const std::string path = "/work/shared/corpus/dkim/rspamd__ed25519.eml";
  if (!std::filesystem::exists(path)) {
    MESSAGE("shared corpus absent: skipped");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string msg = ss.str();
  ExactHeaderSplit split = SplitHeadersExact(msg);
  BodyHasher hasher(true);
  hasher.Update(std::string_view(msg).substr(split.body_offset));
  std::string bh = hasher.FinalBase64();
  CHECK(bh == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
  const std::string ed = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  const std::string rsa =
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3"
      "FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
  CHECK(CheckOwnSignature(split.fields, {0, ed, true}, bh) == "");
  CHECK(CheckOwnSignature(split.fields, {1, rsa, false}, bh) == "");
  // The verifier really checks: the wrong key, or a changed Subject, fail.
  CHECK(CheckOwnSignature(split.fields, {1, ed, true}, bh) != "");
  split.fields[4].value = " Is dinner ready??";
  CHECK(CheckOwnSignature(split.fields, {0, ed, true}, bh).find("signature mismatch") == 0);
}

TEST_CASE("the independent verifier accepts the simple/simple vectors of the RFC 6376 example message") {
  const std::string path = "/work/shared/corpus/dkim/vectors/rfc6376.signed.msg";
  if (!std::filesystem::exists(path)) {
    MESSAGE("shared corpus absent: skipped");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string msg = ss.str();
  ExactHeaderSplit split = SplitHeadersExact(msg);
  REQUIRE(SignatureTag(split.fields[0].value, "c") == "simple/simple");
  BodyHasher hasher(false);
  hasher.Update(std::string_view(msg).substr(split.body_offset));
  std::string bh = hasher.FinalBase64();
  CHECK(bh == SignatureTag(split.fields[0].value, "bh"));
  const std::string ed = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  const std::string rsa =
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3"
      "FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
  CHECK(CheckOwnSignature(split.fields, {0, ed, true}, bh) == "");
  CHECK(CheckOwnSignature(split.fields, {1, rsa, false}, bh) == "");
  // Simple canonicalization keeps white space: one added space in a signed field breaks it.
  split.fields[2].value = " " + split.fields[2].value;
  CHECK(CheckOwnSignature(split.fields, {1, rsa, false}, bh).find("signature mismatch") == 0);
}

TEST_CASE("dual signing: one RSA and one Ed25519 signature, both verify, first header in the message") {
  Setup setup;
  const DkimSigner& signer = setup.Build();
  SignedMessage m = SignMessageBytes(signer, "", kMessage, SkipVerdict);
  REQUIRE_MESSAGE(m.signed_ok, m.status);
  CHECK(m.status == "signed example.com s1 rsa-sha256, example.com s2 ed25519-sha256");
  CHECK(m.bytes.rfind("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com;", 0) == 0);
  CHECK(m.bytes.find("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;") != std::string::npos);
  CHECK(m.bytes.substr(m.bytes.size() - std::string(kMessage).size()) == kMessage);  // the rest unchanged
  CHECK(VerifyAll(signer, m.bytes) == "");
}

TEST_CASE("the header list: oversigned From/Subject/Date/To, List-Unsubscribe-Post signed, verdict headers not") {
  Setup setup;
  SignedMessage m = SignMessageBytes(setup.Build(), "", kMessage, SkipVerdict);
  REQUIRE(m.signed_ok);
  std::string h = SignatureTag(m.signatures[0].value, "h");
  CHECK(h == "From:To:Subject:Date:Message-ID:List-Unsubscribe:List-Unsubscribe-Post:From:Subject:Date:To");
  CHECK(h.find("X-Ohm") == std::string::npos);
}

TEST_CASE("a From header added after signing, or a changed body, fails verification") {
  Setup setup;
  const DkimSigner& signer = setup.Build();
  SignedMessage m = SignMessageBytes(signer, "", kMessage, SkipVerdict);
  REQUIRE(m.signed_ok);
  std::string added = m.bytes;
  added.insert(added.find("From: Alice"), "From: mallory@example.com\r\n");
  CHECK(VerifyAll(signer, added).find("signature mismatch") != std::string::npos);
  std::string body_changed = m.bytes;
  body_changed.replace(body_changed.find("Hello Bob"), 9, "Hello Eve");
  CHECK(VerifyAll(signer, body_changed).find("body hash mismatch") != std::string::npos);
}

TEST_CASE("the self-check catches a signed header altered between signing and release") {
  Setup setup;
  const DkimSigner& signer = setup.Build();
  SignedMessage m = SignMessageBytes(signer, "", kMessage, SkipVerdict);
  REQUIRE(m.signed_ok);
  ExactHeaderSplit original = SplitHeadersExact(kMessage);
  BodyHasher hasher(true);
  hasher.Update(std::string_view(kMessage).substr(original.body_offset));
  std::string bh = hasher.FinalBase64();
  CHECK(SelfCheckSignatures(m.signatures, original.fields, bh) == "");
  std::vector<HeaderField> altered = original.fields;
  altered[2].value = " Quarterly report (edited by a later milter)";
  std::string why = SelfCheckSignatures(m.signatures, altered, bh);
  CHECK(why.find("signature mismatch") != std::string::npos);

  // Handling: by default the message passes on unsigned and the verdict says so; or it is deferred.
  SelfCheckDecision ok = DecideAfterSelfCheck(signer.settings(), m.signatures, "");
  CHECK(ok.insert_signatures);
  CHECK_FALSE(ok.tempfail);
  CHECK(ok.status == "signed example.com s1 rsa-sha256, example.com s2 ed25519-sha256");
  CHECK(ok.note.empty());
  SelfCheckDecision failed = DecideAfterSelfCheck(signer.settings(), m.signatures, why);
  CHECK_FALSE(failed.insert_signatures);
  CHECK_FALSE(failed.tempfail);
  CHECK(failed.status == "not signed: self-check failed: " + why);
  CHECK(failed.note.find("passed on unsigned") != std::string::npos);
  DkimSettings tempfail = signer.settings();
  tempfail.on_self_check_failure = SelfCheckFailure::kTempfail;
  SelfCheckDecision deferred = DecideAfterSelfCheck(tempfail, m.signatures, why);
  CHECK_FALSE(deferred.insert_signatures);
  CHECK(deferred.tempfail);
  CHECK(deferred.note.find("deferred") != std::string::npos);
}

TEST_CASE("simple/simple canonicalization with LF line ends verifies as sent with CRLF") {
  Setup setup("simple/simple");
  const DkimSigner& signer = setup.Build();
  std::string lf = "From: alice@example.com\nTo: b@example.net\nSubject: plain\n\tfolded\n\n8-bit caf\xc3\xa9 body\n\n";
  SignedMessage m = SignMessageBytes(signer, "", lf);
  REQUIRE_MESSAGE(m.signed_ok, m.status);
  CHECK(m.bytes.find("c=simple/simple") != std::string::npos);
  CHECK(m.bytes.find('\r') == std::string::npos);  // the signature follows the message's LF line ends
  std::string crlf;
  for (char c : m.bytes) { if (c == '\n') crlf += '\r'; crlf += c; }
  CHECK(VerifyAll(signer, crlf) == "");
}

TEST_CASE("the signing table picks keys by From domain, subdomain, or envelope sender") {
  Setup setup;
  const DkimSigner& signer = setup.Build();
  std::string from = "Alice <alice@example.com>";
  SigningPlan p = signer.Plan("bounce@lists.example.net", &from);
  REQUIRE(p.keys.size() == 2);  // the address entry comes first
  from = "carol@example.com";
  p = signer.Plan("", &from);
  REQUIRE(p.keys.size() == 1);
  CHECK(p.keys[0]->entry.name == "rsa");
  from = "news@mail.example.com";
  p = signer.Plan("", &from);
  REQUIRE(p.keys.size() == 1);
  CHECK(p.keys[0]->entry.name == "ed");
  CHECK(p.aligned);
  from = "dave@example.org";
  p = signer.Plan("", &from);
  CHECK_FALSE(p.sign());
  CHECK(p.why_not == "no key for example.org");
  CHECK_FALSE(p.aligned);
  p = signer.Plan("", nullptr);
  CHECK(p.why_not == "no From address");

  setup.settings.sign_by = SignBy::kEnvelopeFrom;
  const DkimSigner& by_envelope = setup.Build();
  from = "alice@example.com";
  p = by_envelope.Plan("bounces@partner.example", &from);
  REQUIRE(p.keys.size() == 1);
  CHECK(p.keys[0]->entry.domain == "example.org");
  CHECK_FALSE(p.aligned);  // signs, but not for the From domain: DMARC will not align
}

TEST_CASE("two keys of one algorithm for one sender, unsafe keys and an empty signing table are refused") {
  Setup setup;
  setup.settings.signing = {{"example.com", {"ed", "other"}, "t:9"}};
  KeyLoadOptions o;
  o.allowed_owners = {0, geteuid()};
  std::vector<std::string> errors;
  CHECK_FALSE(DkimSigner::Build(setup.settings, o, &errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("t:9: signing entry 'example.com' has two ed25519-sha256 keys") == 0);

  errors.clear();
  setup.settings.signing = {};
  CHECK_FALSE(DkimSigner::Build(setup.settings, o, &errors));
  CHECK(errors.at(0).find("signing table") != std::string::npos);

  errors.clear();
  setup.settings.signing = {{"*", {"rsa"}, "t:1"}};
  REQUIRE(chmod(setup.settings.keys[0].key_file.c_str(), 0640) == 0);
  CHECK_FALSE(DkimSigner::Build(setup.settings, o, &errors));
  CHECK(errors.at(0).find("chmod 600 " + setup.settings.keys[0].key_file) != std::string::npos);
}

TEST_CASE("measured: signing and self-check cost per message (printed, not asserted)") {
  Setup setup;
  setup.settings.signing = {{"example.com", {"rsa"}, "t:1"}, {"*", {"ed"}, "t:2"}};
  setup.settings.self_check = false;
  const DkimSigner& signer = setup.Build();
  ExactHeaderSplit split = SplitHeadersExact(kMessage);
  BodyHasher hasher(true);
  hasher.Update(std::string_view(kMessage).substr(split.body_offset));
  std::string bh = hasher.FinalBase64();
  for (const char* from : {"alice@example.com", "alice@example.net"}) {
    std::string msg = kMessage;
    msg.replace(msg.find("alice@example.com"), 17, from);
    const int kRounds = 50;
    auto t0 = std::chrono::steady_clock::now();
    SignedMessage m;
    for (int i = 0; i < kRounds; ++i) m = SignMessageBytes(signer, "", msg);
    auto t1 = std::chrono::steady_clock::now();
    REQUIRE(m.signed_ok);
    ExactHeaderSplit s = SplitHeadersExact(msg);
    for (int i = 0; i < kRounds; ++i) REQUIRE(SelfCheckSignatures(m.signatures, s.fields, bh) == "");
    auto t2 = std::chrono::steady_clock::now();
    auto ms = [&](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count() / kRounds; };
    MESSAGE(DkimAlgorithmName(m.signatures[0].key->algorithm) << ": sign " << ms(t0, t1) << " ms, self-check "
                                                              << ms(t1, t2) << " ms per message");
  }
}
