#include "parse/html_entities.h"

#include <algorithm>

namespace ohm {

namespace {

constexpr HtmlEntity kEntities[] = {
#include "parse/html_entities_table.inc"
};

constexpr bool SortedAndBounded() {
  for (size_t i = 0; i < std::size(kEntities); i++) {
    if (kEntities[i].name.size() > kLongestEntityName) return false;
    if (kEntities[i].legacy && kEntities[i].name.size() > kLongestLegacyEntityName) return false;
    if (i > 0 && !(kEntities[i - 1].name < kEntities[i].name)) return false;
  }
  return true;
}
static_assert(SortedAndBounded(), "regenerate html_entities_table.inc: names must be sorted and within the bounds");

}  // namespace

const HtmlEntity* FindHtmlEntity(std::string_view name) {
  const HtmlEntity* end = std::end(kEntities);
  const HtmlEntity* it =
      std::lower_bound(std::begin(kEntities), end, name, [](const HtmlEntity& e, std::string_view n) { return e.name < n; });
  return it != end && it->name == name ? it : nullptr;
}

}  // namespace ohm
