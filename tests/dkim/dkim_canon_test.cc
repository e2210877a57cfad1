#include "dkim/dkim_canon.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>

#include <random>
#include <string>

namespace ohm {
namespace {

std::string Sha256Base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return Base64Encode(digest, len);
}

std::string Hash(bool relaxed, std::string_view body, size_t chunk) {
  BodyHasher h(relaxed);
  if (chunk == 0) chunk = body.size() + 1;
  for (size_t i = 0; i < body.size(); i += chunk) h.Update(body.substr(i, chunk));
  return h.FinalBase64();
}

TEST_CASE("RFC 6376 3.4.5's example body, simple and relaxed") {
  std::string body = " C \r\nD \t E\r\n\r\n\r\n";
  CHECK(Hash(false, body, 0) == Sha256Base64(" C \r\nD \t E\r\n"));
  CHECK(Hash(true, body, 0) == Sha256Base64(" C\r\nD E\r\n"));
  // An empty body: simple hashes one CRLF, relaxed nothing.
  CHECK(Hash(false, "", 0) == Sha256Base64("\r\n"));
  CHECK(Hash(true, "", 0) == Sha256Base64(""));
}

TEST_CASE("LF line ends count as CRLF, a last line without one gets one") {
  CHECK(Hash(true, "a  b\nc\n\n", 0) == Sha256Base64("a b\r\nc\r\n"));
  CHECK(Hash(false, "a  b\nc", 0) == Sha256Base64("a  b\r\nc\r\n"));
}

TEST_CASE("the hash does not depend on how the body is cut into chunks") {
  // Lines passed through unchanged (no blanks, CRLF), lines with blanks, LF
  // lines, lone CRs, empty lines inside and at the end, long lines.
  std::mt19937 random(20261126);
  const char* pieces[] = {"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", "word", " ", "\t", "  ", "\r", "x\ry"};
  for (int round = 0; round < 200; ++round) {
    std::string body;
    int lines = 1 + static_cast<int>(random() % 40);
    for (int l = 0; l < lines; ++l) {
      int parts = static_cast<int>(random() % 5);
      for (int p = 0; p < parts; ++p) body += pieces[random() % 7];
      body += (random() % 3 == 0) ? "\n" : "\r\n";
    }
    if (random() % 2) body += "tail without line end";
    for (bool relaxed : {false, true}) {
      std::string whole = Hash(relaxed, body, 0);
      for (size_t chunk : {1, 2, 3, 7, 64, 1000}) {
        CHECK_MESSAGE(Hash(relaxed, body, chunk) == whole, "relaxed=" << relaxed << " chunk=" << chunk << " body="
                                                                      << body);
      }
    }
  }
}

}  // namespace
}  // namespace ohm
