#include "cli/cli_context.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ohm {

bool LoadCliConfig(const std::string& config_path, Config* config) {
  auto errors = LoadConfig(config_path, config);
  for (const auto& e : errors) std::fprintf(stderr, "ohm: %s\n", e.ToString().c_str());
  return errors.empty();
}

std::shared_ptr<const Pipeline> LoadCliPipeline(const std::string& config_path, bool many_messages) {
  Config config;
  if (!LoadCliConfig(config_path, &config)) return nullptr;
  if (!many_messages) config.rules.prefilter = false;
  std::vector<std::string> errors;
  auto pipeline = Pipeline::Build(config, &errors);
  for (const auto& e : errors) std::fprintf(stderr, "ohm: %s\n", e.c_str());
  return pipeline;
}

bool ReadInput(const std::string& path, std::string* out, std::string* error) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = "cannot read " + path + ": " + std::strerror(errno);
      return false;
    }
    ss << in.rdbuf();
  }
  *out = ss.str();
  return true;
}

}  // namespace ohm
