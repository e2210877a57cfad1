// What `ohm-milter --check-config` says about rules.prefilter_cache: whether
// the daemon, once it runs as milter.user, will load the rules' compiled
// prefilter passes from it, store new ones in it, or compile them at every
// start (about 4 s with the default rules, the rules then running PCRE2
// alone). It looks at the directory only: telling which of the current rules'
// passes are in it would mean computing them, and the check must stay fast
// enough for systemd's ExecStartPre.
#ifndef OHM_DAEMON_PREFILTER_CACHE_CHECK_H_
#define OHM_DAEMON_PREFILTER_CACHE_CHECK_H_

#include <sys/types.h>

#include <string>

#include "config/config.h"

namespace ohm {

// One line starting "prefilter cache: ", for a daemon that will run as `uid`
// (named `user` in the text). A directory that is missing is described as
// created at start when its parent exists, since the daemon creates one level.
// Never fails: a directory the daemon cannot use is a warning, not an error,
// because the daemon then compiles its passes and runs as before.
std::string DescribePrefilterCache(const RuleSettings& rules, uid_t uid, const std::string& user);

}  // namespace ohm

#endif  // OHM_DAEMON_PREFILTER_CACHE_CHECK_H_
