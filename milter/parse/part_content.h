// Transfer-decoding of one MIME leaf part (base64, quoted-printable,
// uuencode), bounded: decoding stops once a byte budget is spent, so the size
// of what a message makes us hold never depends on what it claims.
#ifndef OHM_PARSE_PART_CONTENT_H_
#define OHM_PARSE_PART_CONTENT_H_

#include <gmime/gmime.h>

#include <cstddef>
#include <string>

namespace ohm {

struct DecodedContent {
  std::string bytes;            // decoded content, when asked to keep it
  size_t size = 0;              // decoded bytes produced (kept or only counted), at most the budget
  bool truncated = false;       // the content decodes to more than the budget
  bool invalid_base64 = false;  // base64 content held bytes outside the base64 alphabet
};

// Decodes the content of `part` per its Content-Transfer-Encoding (unknown
// encodings read as 7bit), producing at most `budget` bytes. With `keep`
// false the bytes are only counted, as for attachment sizes.
DecodedContent DecodePartContent(GMimePart* part, size_t budget, bool keep);

}  // namespace ohm

#endif  // OHM_PARSE_PART_CONTENT_H_
