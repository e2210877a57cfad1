#include "cli/log_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cli_context.h"

namespace ohm {

namespace {

std::string Bare(std::string_view id) {
  size_t b = id.find_first_not_of(" \t<"), e = id.find_last_not_of(" \t>");
  if (b == std::string_view::npos) return "";
  return std::string(id.substr(b, e - b + 1));
}

}  // namespace

size_t FindLogLines(std::istream& in, const std::string& id, std::ostream& out) {
  std::string wanted = Bare(id);
  if (wanted.empty()) return 0;
  size_t found = 0;
  std::string line;
  while (std::getline(in, line)) {
    // Cheap filter first: most lines do not mention the id at all.
    if (line.find(wanted) == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    auto field = [&j](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
    if (Bare(field("message_id")) == wanted || field("queue_id") == wanted) {
      out << line << "\n";
      ++found;
    }
  }
  return found;
}

void AddLogCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  CLI::App* log = app.add_subcommand("log", "Read the per-message log");
  log->require_subcommand(1);
  struct Options {
    std::string id;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  CLI::App* find = log->add_subcommand("find", "Print the log lines of a Message-ID (with or without <>) or queue id");
  find->add_option("id", o->id, "Message-ID or Postfix queue id")->required();
  find->add_option("--log", o->file, "Message log file (default: log.messages of the configuration)");
  find->callback([o, config_path, exit_code] {
    std::string file = o->file;
    if (file.empty()) {
      Config config;
      if (!LoadCliConfig(*config_path, &config)) { *exit_code = kExitConfig; return; }
      file = config.log.messages;
      if (file.empty() || file == "stderr" || file == "syslog") {
        std::fprintf(stderr, "ohm: log.messages is '%s', not a file; pass --log FILE\n", file.c_str());
        *exit_code = kExitConfig;
        return;
      }
    }
    std::ifstream in(file);
    if (!in) {
      std::fprintf(stderr, "ohm: cannot read %s\n", file.c_str());
      *exit_code = kExitNoInput;
      return;
    }
    size_t n = FindLogLines(in, o->id, std::cout);
    if (n == 0) std::fprintf(stderr, "ohm: %s not found in %s\n", o->id.c_str(), file.c_str());
    *exit_code = n > 0 ? 0 : 1;
  });
}

}  // namespace ohm
