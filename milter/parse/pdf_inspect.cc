#include "parse/pdf_inspect.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "parse/bounded_inflate.h"

namespace ohm {

namespace {

bool IsPdfDelimiter(unsigned char c) {
  return c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%' || c == 0x7F;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Calls `visit(name, end)` for each PDF name object (ISO 32000 7.3.5) in
// `b`, with #xx escapes decoded, since "/J#61vaScript" is how a file hides its
// script from a plain search; `end` is the offset just past the name. Names
// longer than 10 bytes are cut (none of the names looked for is longer).
// Stops when `visit` returns true, and returns whether it did.
template <typename Visitor>
bool ForEachPdfName(std::string_view b, Visitor visit) {
  for (size_t p = b.find('/'); p != std::string_view::npos; p = b.find('/', p + 1)) {
    std::string name;
    size_t i = p + 1;
    for (; i < b.size() && !IsPdfDelimiter(static_cast<unsigned char>(b[i])) && name.size() <= 10; ++i) {
      if (b[i] == '#' && i + 2 < b.size() && HexValue(b[i + 1]) >= 0 && HexValue(b[i + 2]) >= 0) {
        name.push_back(static_cast<char>(HexValue(b[i + 1]) * 16 + HexValue(b[i + 2])));
        i += 2;
      } else {
        name.push_back(b[i]);
      }
    }
    if (visit(name, i)) return true;
    p = i - 1;
  }
  return false;
}

bool IsActiveContentName(std::string_view name) { return name == "JavaScript" || name == "JS" || name == "Launch"; }

// Object streams (PDF 1.5, ISO 32000 7.5.7) hold other objects' dictionaries
// compressed, and every current PDF writer uses them: a script action stored
// in one shows no name in the file's bytes ("qpdf --object-streams=generate"
// hides one that way). Each object stream is inflated as Flate (the filter
// all writers use; other data fails zlib's header check at once), within
// kMaxObjectStreams streams and `budget` bytes a file (a decompression bomb
// inflates to that and no further), and its names read; `*inflated` counts
// what was inflated.
constexpr size_t kMaxObjectStreams = 32;
// How far past "/ObjStm" the stream's data may start: the rest of its dictionary.
constexpr size_t kMaxObjectStreamDictTail = 1024;

bool PdfObjectStreamsHaveActiveContent(std::string_view b, size_t budget, size_t* inflated) {
  size_t streams = 0;
  return ForEachPdfName(b, [&](std::string_view name, size_t end) {
    if (name != "ObjStm" || streams >= kMaxObjectStreams || *inflated >= budget) return false;
    size_t keyword = b.find("stream", end);
    if (keyword == std::string_view::npos || keyword - end > kMaxObjectStreamDictTail) return false;
    size_t data = keyword + 6;
    if (data < b.size() && b[data] == '\r') ++data;
    if (data < b.size() && b[data] == '\n') ++data;
    ++streams;
    std::string objects;
    InflateBounded(b.substr(std::min(data, b.size())), DeflateFraming::kZlib, budget - *inflated, &objects);
    *inflated += objects.size();
    return ForEachPdfName(objects, [](std::string_view inner, size_t) { return IsActiveContentName(inner); });
  });
}

}  // namespace

bool PdfHasActiveContent(std::string_view b, size_t budget, size_t* inflated) {
  return ForEachPdfName(b, [](std::string_view name, size_t) { return IsActiveContentName(name); }) ||
         PdfObjectStreamsHaveActiveContent(b, budget, inflated);
}

}  // namespace ohm
