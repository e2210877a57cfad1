#include "daemon/milter_session.h"

#include <doctest/doctest.h>

using namespace ohm;

TEST_CASE("EscapeReplyText doubles '%' for libmilter's formatting") {
  CHECK(EscapeReplyText("50% off: score 9 >= 8") == "50%% off: score 9 >= 8");
  CHECK(EscapeReplyText("%s%n") == "%%s%%n");
}

TEST_CASE("EscapeReplyText leaves only printable ASCII for the SMTP reply") {
  // A rule description quoting "PаyPal" (Cyrillic а) and a bold "𝐅": an SMTP
  // reply cannot carry them, and a line break would end the reply early.
  CHECK(EscapeReplyText("name (\"P\xd0\xb0yPal\"), \xf0\x9d\x90\x85REE\r\nnext") ==
        "name (\"P?yPal\"), ?REE  next");
}
