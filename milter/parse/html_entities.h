// HTML's named character references ("&eacute;", "&Vopf;"): the 2,125 names
// of the HTML Living Standard, as browsers decode them. A generated table
// (contrib/scripts/gen-html-entities), searched by name.
#ifndef OHM_PARSE_HTML_ENTITIES_H_
#define OHM_PARSE_HTML_ENTITIES_H_

#include <string_view>

namespace ohm {

struct HtmlEntity {
  std::string_view name;  // without '&' and ';', case as written ("AMP" and "amp" both exist)
  char32_t first;         // the character it stands for
  char32_t second;        // a second one, for the few that stand for two; 0 otherwise
  bool legacy;            // also read without its ';' ("&copy 2026"), for HTML 4's Latin-1 names
};

// The entity named exactly `name`, or nullptr. Case-sensitive, as in HTML.
const HtmlEntity* FindHtmlEntity(std::string_view name);

// The longest name of a legacy entity (HtmlEntity::legacy), in bytes.
constexpr size_t kLongestLegacyEntityName = 6;

// The longest name of any entity, in bytes.
constexpr size_t kLongestEntityName = 31;

}  // namespace ohm

#endif  // OHM_PARSE_HTML_ENTITIES_H_
