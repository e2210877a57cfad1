#include "dkim/dkim_canon.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>

#include <random>
#include <string>
#include <vector>

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

// RFC 6376 3.4.4 as written, one line at a time: the reference the hasher's
// pass-through of unchanged lines must agree with.
std::string RelaxedReference(std::string_view body) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    std::string_view line = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (nl != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string canonical;
    bool in_wsp = false;
    for (char c : line) {
      if (c == ' ' || c == '\t') {
        in_wsp = true;
        continue;
      }
      if (in_wsp) canonical += ' ';
      in_wsp = false;
      canonical += c;
    }
    lines.push_back(canonical);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (const std::string& line : lines) out += line + "\r\n";
  return out;
}

TEST_CASE("relaxed: prose with single spaces passes through, runs of blanks and trailing blanks do not") {
  CHECK(Hash(true, "Hello Anna, thanks for the notes.\r\n", 0) == Sha256Base64("Hello Anna, thanks for the notes.\r\n"));
  CHECK(Hash(true, " leading space kept\r\n", 0) == Sha256Base64(" leading space kept\r\n"));
  CHECK(Hash(true, "two  spaces\r\n", 0) == Sha256Base64("two spaces\r\n"));
  CHECK(Hash(true, "trailing \r\n", 0) == Sha256Base64("trailing\r\n"));
  CHECK(Hash(true, "a\tb\r\n", 0) == Sha256Base64("a b\r\n"));
  CHECK(Hash(true, " \r\nx\r\n", 0) == Sha256Base64("\r\nx\r\n"));  // a line of one space is empty
  std::mt19937 random(20261127);
  const char* pieces[] = {"word", " ", "\t", "  ", "Hello Anna,", " x", "y ", "\r"};
  for (int round = 0; round < 500; ++round) {
    std::string body;
    int lines = 1 + static_cast<int>(random() % 20);
    for (int l = 0; l < lines; ++l) {
      int parts = static_cast<int>(random() % 6);
      for (int p = 0; p < parts; ++p) body += pieces[random() % 8];
      body += (random() % 4 == 0) ? "\n" : "\r\n";
    }
    for (size_t chunk : {0, 1, 5, 64}) {
      CHECK_MESSAGE(Hash(true, body, chunk) == Sha256Base64(RelaxedReference(body)), "chunk=" << chunk << " body=" << body);
    }
  }
}

}  // namespace
}  // namespace ohm
