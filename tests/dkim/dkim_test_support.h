// Helpers for the DKIM tests (with tests/temp_dir.h): keys generated at test
// time (never committed), written with mode 0600.
#ifndef OHM_TESTS_DKIM_DKIM_TEST_SUPPORT_H_
#define OHM_TESTS_DKIM_DKIM_TEST_SUPPORT_H_

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "dkim/key_material.h"
#include "temp_dir.h"

namespace ohm {

// Writes `text` to `path` with `mode`.
inline void WriteFile(const std::string& path, const std::string& text, mode_t mode = 0600) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  REQUIRE(chmod(path.c_str(), mode) == 0);
}

// Generates a key of `algorithm` into dir/name (mode 0600) and returns its path.
inline std::string MakeKeyFile(const TempDir& dir, const std::string& name, DkimAlgorithm algorithm,
                               unsigned bits = 2048) {
  std::string error;
  std::string pem = GeneratePrivateKeyPem(algorithm, bits, &error);
  REQUIRE_MESSAGE(!pem.empty(), error);
  std::string path = dir.File(name);
  WriteFile(path, pem);
  return path;
}

inline DkimKeyEntry KeyEntry(const std::string& name, const std::string& domain, const std::string& selector,
                             const std::string& file, DkimAlgorithm algorithm = DkimAlgorithm::kAuto) {
  DkimKeyEntry e;
  e.name = name;
  e.domain = domain;
  e.selector = selector;
  e.key_file = file;
  e.algorithm = algorithm;
  return e;
}

}  // namespace ohm

#endif  // OHM_TESTS_DKIM_DKIM_TEST_SUPPORT_H_
