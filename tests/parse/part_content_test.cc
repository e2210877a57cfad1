// DecodePartContent through the parser, as attachments and text parts reach
// it: an attachment's size is counted without decoding, and must be what a
// decoder gives; text is decoded and kept; both within the budget.
#include "parse/part_content.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>

#include <string>

#include "parse/mime_parser.h"

namespace ohm {
namespace {

std::string Base64Lines(const std::string& bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  encoded.resize(static_cast<size_t>(n));
  std::string lines;
  for (size_t i = 0; i < encoded.size(); i += 76) lines += encoded.substr(i, 76) + "\r\n";
  return lines;
}

ParsedMessage WithAttachment(const std::string& encoded, ParseLimits limits = {}) {
  std::string m =
      "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
      "--b\r\nContent-Type: application/octet-stream; name=x.bin\r\nContent-Disposition: attachment\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      encoded + "--b--\r\n";
  return ParseMessage(SplitMessage(m, CollectLimits{}), limits);
}

TEST_CASE("an attachment's counted size is its decoded size, whatever its padding") {
  for (size_t size : {0, 1, 2, 3, 4, 5, 1000, 1001, 1002, 100000}) {
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(i * 7 + 3);
    ParsedMessage p = WithAttachment(Base64Lines(bytes));
    REQUIRE(p.attachments.size() == 1);
    CHECK_MESSAGE(p.attachments[0].size == size, "size " << size);
  }
}

TEST_CASE("counting still sees bytes outside the base64 alphabet, and honours the budget") {
  ParsedMessage bad = WithAttachment("QUJD\r\n<script>QUJD\r\n");
  REQUIRE(bad.attachments.size() == 1);
  bool flagged = false;
  for (const auto& d : bad.defects) flagged |= d.find("base64 with invalid characters") != std::string::npos;
  CHECK(flagged);

  ParseLimits small;
  small.max_decoded_bytes = 5000;
  ParsedMessage cut = WithAttachment(Base64Lines(std::string(20000, 'x')), small);
  REQUIRE(cut.attachments.size() == 1);
  CHECK(cut.attachments[0].size <= 5000);
  bool noted = false;
  for (const auto& l : cut.limits_hit) noted |= l.find("decoded size limit") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("text parts are decoded and kept") {
  std::string m = "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n" + Base64Lines("Hello from the decoder") ;
  ParsedMessage p = ParseMessage(SplitMessage(m, CollectLimits{}), ParseLimits{});
  CHECK(p.body_text.find("Hello from the decoder") != std::string::npos);
}

}  // namespace
}  // namespace ohm
