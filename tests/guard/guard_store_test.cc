#include "guard/guard_store.h"

#include <doctest/doctest.h>

namespace ohm {
namespace {

TEST_CASE("Message-IDs survive the stores' one-field form") {
  std::vector<std::string> ids = {"<a@x>", "<b@y>", "<c@z>"};
  CHECK(JoinMessageIds(ids) == "<a@x>\n<b@y>\n<c@z>");
  CHECK(SplitMessageIds(JoinMessageIds(ids)) == ids);
  CHECK(JoinMessageIds({}).empty());
  CHECK(SplitMessageIds("").empty());
  CHECK(SplitMessageIds("\n<a@x>\n\n<b@y>\n") == std::vector<std::string>{"<a@x>", "<b@y>"});
}

}  // namespace
}  // namespace ohm
