// The verdict headers ohm adds to a message it passes on (X-Ohm-Score,
// X-Ohm-Verdict), folded so that no line exceeds 78 characters.
#ifndef OHM_PIPELINE_VERDICT_HEADERS_H_
#define OHM_PIPELINE_VERDICT_HEADERS_H_

#include <vector>

#include "config/config.h"
#include "core/raw_message.h"
#include "core/verdict.h"

namespace ohm {

// Returns the headers to add for `verdict` (none when settings.enabled is false,
// or for an accept with no hits and on_accept false). Values use CRLF-less
// folding ("\n\t") as libmilter expects. Example:
//   X-Ohm-Score: 4.0 (tag at 3, hold at 8, reject at 15)
//   X-Ohm-Verdict: tag; MISSING_DATE=2, MISSING_MESSAGE_ID=2
std::vector<HeaderField> VerdictHeaders(const HeaderSettings& settings, const Thresholds& thresholds,
                                        const Verdict& verdict);

// True when `name` starts with the verdict header prefix (case-insensitive):
// such headers arriving from outside are removed so that nobody can forge a verdict.
bool IsVerdictHeader(const HeaderSettings& settings, std::string_view name);

}  // namespace ohm

#endif  // OHM_PIPELINE_VERDICT_HEADERS_H_
