// Turns the definitions read from every rule source into a RuleSet: applies
// the overrides (later score/describe/tflags/param/phrase win), checks the
// cross-references, compiles regexes, expressions and phrase lists, and fixes
// the evaluation order.
#ifndef OHM_RULES_RULE_COMPILER_H_
#define OHM_RULES_RULE_COMPILER_H_

#include "rules/rule_parser.h"
#include "rules/rule_set.h"

namespace ohm {

// Returns the compiled set, or every error found (file:line and message);
// never a set built from partly faulty definitions.
RuleSet::LoadResult CompileRules(const RuleDefinitions& definitions, const RuleOptions& options);

}  // namespace ohm

#endif  // OHM_RULES_RULE_COMPILER_H_
