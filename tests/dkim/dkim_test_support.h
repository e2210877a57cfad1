// Helpers for the DKIM tests: a temporary directory that removes itself, and
// keys generated at test time (never committed) written there with mode 0600.
#ifndef OHM_TESTS_DKIM_DKIM_TEST_SUPPORT_H_
#define OHM_TESTS_DKIM_DKIM_TEST_SUPPORT_H_

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "dkim/key_material.h"

namespace ohm {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ohm-dkim-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

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
