#include "parse/pdf_inspect.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "parse/attachment_inspect.h"  // kMaxInflatedPdfBytes

namespace ohm {
namespace {

bool Active(std::string_view pdf) {
  size_t inflated = 0;
  return PdfHasActiveContent(pdf, kMaxInflatedPdfBytes, &inflated);
}

TEST_CASE("JavaScript and launch actions, also behind #xx escapes") {
  CHECK(Active("%PDF-1.7\n3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"));
  CHECK(Active("%PDF-1.4\n<< /OpenAction << /S /Launch /F (cmd.exe) >> >>"));
  CHECK(Active("%PDF-1.4\n<< /S /J#61vaScript >>"));
  CHECK(Active("junk before %PDF-1.4\n<</JS(x)>>"));
  // Names that only start like them, and the words in text, are not.
  CHECK_FALSE(Active("%PDF-1.4\n<< /JSON 1 /JavaScripts 2 /Title (JavaScript Launch) >>"));
  CHECK_FALSE(Active("%PDF-1.4\n<< /Type /Catalog >> /"));
}

// A PDF whose object stream holds `objects`, Flate-compressed as PDF writers
// store them (ISO 32000 7.5.7).
std::string PdfWithObjectStream(const std::string& objects) {
  uLongf size = compressBound(objects.size());
  std::string packed(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                    reinterpret_cast<const Bytef*>(objects.data()), objects.size(), 9) == Z_OK);
  packed.resize(size);
  return "%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /Length " + std::to_string(size) +
         " /Filter /FlateDecode /N 1 /First 4 >>\nstream\r\n" + packed + "\nendstream\nendobj\n%%EOF\n";
}

TEST_CASE("a script action inside a compressed object stream is found") {
  CHECK(Active(PdfWithObjectStream("4 0 << /S /JavaScript /JS (app.alert(1)) >>")));
  CHECK(Active(PdfWithObjectStream("4 0 << /S /L#61unch /F (cmd.exe) >>")));
  // Names only, not words in strings; a stream that is not zlib data is skipped.
  CHECK_FALSE(Active(PdfWithObjectStream("4 0 << /Title (JavaScript Launch) /Type /Catalog >>")));
  CHECK_FALSE(Active("%PDF-1.7\n1 0 obj\n<< /Type /ObjStm >>\nstream\nnot zlib at all"));
  // A stream cut in the middle shows what inflated before the cut.
  std::string cut = PdfWithObjectStream("4 0 << /S /JavaScript >>" + std::string(5000, ' ') + "/Type /Page");
  CHECK(Active(cut.substr(0, cut.size() - 40)));
}

TEST_CASE("object streams inflate within a fixed budget (a decompression bomb stops there)") {
  // 64 MB of blanks compress to about 64 KB; the script name comes after the
  // 4 MB that InspectFile allows a file.
  std::string bomb = PdfWithObjectStream(std::string(64 << 20, ' ') + "/JavaScript");
  CHECK(bomb.size() < (1 << 20));
  CHECK_FALSE(Active(bomb));
  // The caller's budget bounds it further, and what was inflated is reported.
  std::string late = PdfWithObjectStream(std::string(5000, ' ') + "/JS (x)");
  size_t inflated = 0;
  CHECK_FALSE(PdfHasActiveContent(late, 1000, &inflated));
  CHECK(inflated == 1000);
  inflated = 0;
  CHECK(PdfHasActiveContent(late, 10000, &inflated));
  CHECK(inflated == 5007);
  // Within the budget, a second stream is read too.
  std::string two = PdfWithObjectStream("4 0 << /Type /Font >>") + PdfWithObjectStream("5 0 << /JS (x) >>").substr(9);
  CHECK(Active(two));
}

TEST_CASE("qpdf's object streams (fixtures written by qpdf --object-streams=generate)") {
  auto attachment = [](const char* fixture) {
    std::ifstream in(std::string(OHM_TEST_FIXTURES "/rules/") + fixture, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string eml = text.str();
    size_t start = eml.find("base64\n\n") + 8;
    std::string b64 = eml.substr(start, eml.find("\n--", start) - start);
    std::string pdf((b64.size() / 4 + 1) * 3, '\0');
    b64.erase(std::remove(b64.begin(), b64.end(), '\n'), b64.end());
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(pdf.data()),
                            reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
    REQUIRE(n > 0);
    pdf.resize(static_cast<size_t>(n));
    return pdf;
  };
  std::string with_script = attachment("pdf_javascript_object_stream.eml");
  REQUIRE(with_script.find("/ObjStm") != std::string::npos);
  CHECK(with_script.find("JavaScript") == std::string::npos);  // hidden from a plain search
  CHECK(Active(with_script));
  CHECK_FALSE(Active(attachment("pdf_object_stream_ordinary.eml")));
}

}  // namespace
}  // namespace ohm
