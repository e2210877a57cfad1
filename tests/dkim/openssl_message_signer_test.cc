// ohm's own signing engine against libopendkim, both ways: ohm's signatures
// must pass libopendkim's verifier (keys served from a key file instead of
// DNS), and both engines must hash the same body and name the same header
// fields, over messages built to stress canonicalization.
#include "dkim/openssl_message_signer.h"

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>

#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include "dkim/sign_message.h"
#include "dkim/signature_check.h"
#include "dkim_test_support.h"

using namespace ohm;

namespace {

// Messages chosen for canonicalization edge cases: folding, white space runs,
// repeated and absent signed fields, bare LF, empty bodies. (A body whose
// last line has no line end never reaches a milter: SMTP ends every line.)
const std::vector<std::string> kMessages = {
    "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: Quarterly\r\n report\r\n"
    "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <q1@example.com>\r\n"
    "List-Unsubscribe: <https://example.com/u/1>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
    "\r\nHello Bob,\r\n\r\nthe  numbers\t are in.  \r\n\r\n\r\n",
    "From: alice@example.com\nTo:   one@example.net\nTo: two@example.net\nsubject:\tlower case name\t\n"
    "X-Other: not signed\nCC: c@example.net\n\n\tindented first line\nlast line\n",
    "From: alice@example.com\r\nSubject: empty body\r\n\r\n",
    "From: alice@example.com\r\nSubject: no body at all\r\n",
    "From: \"A very long display name that goes on and on\" <alice@example.com>\r\n"
    "Subject: =?UTF-8?B?w6lsw6ll?= a long subject line that is folded\r\n  several\r\n\t times\r\n"
    "Content-Type: text/plain; charset=utf-8\r\nMIME-Version: 1.0\r\n\r\n"
    "caf\xc3\xa9 \r\n \r\n\t\r\nend\r\n",
};

struct Keys {
  TempDir dir;
  std::vector<DkimKeyEntry> entries = {
      KeyEntry("rsa", "example.com", "s1", MakeKeyFile(dir, "rsa.key", DkimAlgorithm::kRsaSha256)),
      KeyEntry("ed", "example.com", "s2", MakeKeyFile(dir, "ed.key", DkimAlgorithm::kEd25519Sha256))};
};

std::shared_ptr<const DkimSigner> Build(const Keys& keys, const std::string& canonicalization,
                                        std::vector<std::string> key_names) {
  DkimSettings s;
  s.enabled = true;
  s.headers = DefaultSignedHeaders();
  s.oversign = DefaultOversignedHeaders();
  s.header_relaxed = canonicalization.rfind("relaxed/", 0) == 0;
  s.body_relaxed = canonicalization.find("/relaxed") != std::string::npos;
  s.keys = keys.entries;
  s.signing = {{"*", key_names, "test:1"}};
  KeyLoadOptions o;
  o.allowed_owners = {0, geteuid()};
  std::vector<std::string> errors;
  auto signer = DkimSigner::Build(s, o, &errors);
  REQUIRE_MESSAGE(signer != nullptr, (errors.empty() ? std::string() : errors[0]));
  signer->SetFixedTimeForTest(1795000000);
  return signer;
}

// Verifies every signature of `message` with libopendkim, the keys read from a
// key file in the form libopendkim's file query method takes. Returns "" when
// there is at least one signature and all pass with a matching body hash.
std::string VerifyWithLibopendkim(const DkimSigner& signer, const TempDir& dir, const std::string& message) {
  std::string keyfile = dir.File("keys.txt");
  {
    std::ofstream out(keyfile);
    for (const auto& k : signer.keys()) out << k.DnsName() << " " << k.DnsRecord() << "\n";
  }
  DKIM_LIB* lib = dkim_init(nullptr, nullptr);
  REQUIRE(lib != nullptr);
  dkim_query_t method = DKIM_QUERY_FILE;
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD, &method, sizeof method);
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO, keyfile.data(), keyfile.size());
  DKIM_STAT st;
  DKIM* d = dkim_verify(lib, reinterpret_cast<const u_char*>("test"), nullptr, &st);
  REQUIRE(d != nullptr);
  ExactHeaderSplit split = SplitHeadersExact(message);
  for (const auto& f : split.fields) {
    std::string field = f.name + ":" + WithCrlf(f.value);
    dkim_header(d, reinterpret_cast<u_char*>(field.data()), field.size());
  }
  dkim_eoh(d);
  std::string body = WithCrlf(std::string_view(message).substr(split.body_offset));
  if (!body.empty()) dkim_body(d, reinterpret_cast<u_char*>(body.data()), body.size());
  dkim_eom(d, nullptr);
  DKIM_SIGINFO** sigs = nullptr;
  int nsigs = 0;
  std::string result;
  if (dkim_getsiglist(d, &sigs, &nsigs) != DKIM_STAT_OK || nsigs == 0) result = "no signature found";
  for (int i = 0; i < nsigs && result.empty(); ++i) {
    dkim_sig_process(d, sigs[i]);
    bool passed = (dkim_sig_getflags(sigs[i]) & DKIM_SIGFLAG_PASSED) != 0;
    bool body_ok = dkim_sig_getbh(sigs[i]) == DKIM_SIGBH_MATCH;
    if (!passed || !body_ok)
      result = std::string("signature ") + std::to_string(i) + (passed ? "" : " failed") + (body_ok ? "" : " body hash mismatch") +
               ": " + (dkim_sig_geterrorstr(dkim_sig_geterror(sigs[i])) ? dkim_sig_geterrorstr(dkim_sig_geterror(sigs[i])) : "");
  }
  dkim_free(d);
  dkim_close(lib);
  return result;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("ohm's signatures pass libopendkim's verifier, and both engines hash and list the same") {
  Keys keys;
  for (const char* canon : {"relaxed/relaxed", "simple/simple", "relaxed/simple", "simple/relaxed"}) {
    for (auto names : std::vector<std::vector<std::string>>{{"rsa"}, {"ed"}, {"rsa", "ed"}}) {
      auto ours = Build(keys, canon, names);
      auto reference = ours->WithEngine(DkimEngine::kLibopendkim);
      REQUIRE(reference != nullptr);
      for (size_t m = 0; m < kMessages.size(); ++m) {
        CAPTURE(canon);
        CAPTURE(names.size());
        CAPTURE(m);
        SignedMessage a = SignMessageBytes(*ours, "", kMessages[m]);
        SignedMessage b = SignMessageBytes(*reference, "", kMessages[m]);
        REQUIRE_MESSAGE(a.signed_ok, a.status);
        REQUIRE_MESSAGE(b.signed_ok, b.status);
        CHECK(VerifyWithLibopendkim(*ours, keys.dir, a.bytes) == "");
        CHECK(VerifyWithLibopendkim(*ours, keys.dir, b.bytes) == "");
        REQUIRE(a.signatures.size() == b.signatures.size());
        for (size_t i = 0; i < a.signatures.size(); ++i) {
          CHECK(SignatureTag(a.signatures[i].value, "bh") == SignatureTag(b.signatures[i].value, "bh"));
          CHECK(Lower(SignatureTag(a.signatures[i].value, "h")) == Lower(SignatureTag(b.signatures[i].value, "h")));
          CHECK(SignatureTag(a.signatures[i].value, "a") == SignatureTag(b.signatures[i].value, "a"));
          CHECK(SignatureTag(a.signatures[i].value, "t") == "1795000000");
        }
      }
    }
  }
}

TEST_CASE("a signature changed after signing fails libopendkim's verifier (the check can fail)") {
  Keys keys;
  auto ours = Build(keys, "relaxed/relaxed", {"rsa"});
  SignedMessage a = SignMessageBytes(*ours, "", kMessages[0]);
  REQUIRE(a.signed_ok);
  std::string changed = a.bytes;
  changed.replace(changed.find("Quarterly"), 9, "Quarterlx");
  CHECK(VerifyWithLibopendkim(*ours, keys.dir, changed) != "");
  std::string body_changed = a.bytes + "added\r\n";
  CHECK(VerifyWithLibopendkim(*ours, keys.dir, body_changed).find("body hash mismatch") != std::string::npos);
}

TEST_CASE("the header list: present signed fields in message order, then each oversigned name once more") {
  DkimSettings s;
  s.headers = {"From", "To", "Subject"};
  s.oversign = {"From", "Reply-To"};
  CHECK(SignedHeaderList({"From", "To", "To"}, s) == "From:To:To:From:Reply-To");
  CHECK(SignedHeaderList({}, s) == "From:Reply-To");
}

TEST_CASE("folding: lines stay within the width, b= starts its own line, h= breaks only after a colon") {
  std::string names;
  for (int i = 0; i < 30; ++i) names += (i ? ":" : "") + std::string("Header-Name-") + std::to_string(i);
  std::vector<std::string> tags = {"v=1", "a=rsa-sha256", "d=example.com", "s=sel", "h=" + names,
                                   "b=" + std::string(344, 'A')};
  std::string folded = FoldSignatureValue(tags, 16);
  size_t start = 0;
  bool first = true;
  while (start <= folded.size()) {
    size_t end = folded.find("\r\n", start);
    std::string line = folded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    CHECK(line.size() + (first ? 16 : 0) <= 76);
    if (!first) CHECK(line[0] == '\t');
    first = false;
    if (end == std::string::npos) break;
    start = end + 2;
  }
  CHECK(folded.find("\r\n\tb=") != std::string::npos);
  CHECK(folded.find("Header-Name-\r\n") == std::string::npos);
  std::string unfolded;
  for (char c : folded) if (c != '\r' && c != '\n' && c != '\t' && c != ' ') unfolded += c;
  CHECK(unfolded.find("h=" + names + ";") != std::string::npos);
  CHECK(SignatureTag(folded, "b") == std::string(344, 'A'));
}
