// Active content in a PDF: JavaScript (/JavaScript, /JS) and launch actions
// (/Launch), read as PDF name objects (ISO 32000 7.3.5) with their #xx escapes
// decoded, in the file's bytes and in its compressed object streams (PDF 1.5),
// which every current writer uses and where a plain search sees nothing.
// Bounded: at most 32 object streams are inflated, to at most the caller's
// budget in all.
#ifndef OHM_PARSE_PDF_INSPECT_H_
#define OHM_PARSE_PDF_INSPECT_H_

#include <cstddef>
#include <string_view>

namespace ohm {

// True when the PDF `bytes` names a script or launch action. Inflates its
// object streams (zlib) to at most `inflate_budget` bytes in all and adds what
// it inflated to `*inflated`. Any bytes are safe: a damaged stream yields what
// inflated before the damage.
bool PdfHasActiveContent(std::string_view bytes, size_t inflate_budget, size_t* inflated);

}  // namespace ohm

#endif  // OHM_PARSE_PDF_INSPECT_H_
