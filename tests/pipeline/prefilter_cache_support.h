// The prefilter cache the unit tests share, in the build tree: the default
// rules' Hyperscan passes are compiled by the first test that needs them and
// loaded by the others (seconds each in a release build, tens of seconds
// under the sanitizers). Loaded and compiled passes scan alike
// (tests/rules/regex_prefilter_test.cc), so no test's outcome depends on it.
#ifndef OHM_TESTS_PIPELINE_PREFILTER_CACHE_SUPPORT_H_
#define OHM_TESTS_PIPELINE_PREFILTER_CACHE_SUPPORT_H_

#include <sys/stat.h>

#include <string>

namespace ohm {

// The directory, created (mode 0700) when missing.
inline std::string TestPrefilterCacheDir() {
  mkdir(OHM_TEST_PREFILTER_CACHE, 0700);
  return OHM_TEST_PREFILTER_CACHE;
}

}  // namespace ohm

#endif  // OHM_TESTS_PIPELINE_PREFILTER_CACHE_SUPPORT_H_
