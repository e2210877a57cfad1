// Reading a rule directory: which files are read, and that none is read from
// outside the directory the configuration names.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "rules/rule_set.h"

using namespace ohm;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/ohm-rules-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

TEST_CASE("rule files are read in name order, only *.cf") {
  TempDir d;
  Write(d.path / "20_b.cf", "score B 1\n");
  Write(d.path / "10_a.cf", "score A 1\n");
  Write(d.path / "notes.txt", "not a rule file\n");
  std::vector<RuleLoadError> errors;
  auto sources = ReadRuleDirectory(d.path.string(), &errors);
  CHECK(errors.empty());
  REQUIRE(sources.size() == 2);
  CHECK(sources[0].name.find("10_a.cf") != std::string::npos);
  CHECK(sources[1].name.find("20_b.cf") != std::string::npos);
}

TEST_CASE("a symlink to a file outside the rule directory is refused, not read") {
  TempDir d, outside;
  fs::create_directory(d.path / "rules");
  Write(outside.path / "secret", "root:$6$hash:19000:0:99999:7:::\n");
  fs::create_symlink(outside.path / "secret", d.path / "rules" / "50_evil.cf");
  Write(d.path / "rules" / "10_ok.cf", "score OK 1\n");
  fs::create_symlink(d.path / "rules" / "10_ok.cf", d.path / "rules" / "20_alias.cf");
  std::vector<RuleLoadError> errors;
  auto sources = ReadRuleDirectory((d.path / "rules").string(), &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file.find("50_evil.cf") != std::string::npos);
  CHECK(errors[0].message.find("resolves outside") != std::string::npos);
  CHECK(errors[0].ToString().find("$6$hash") == std::string::npos);
  REQUIRE(sources.size() == 2);  // 10_ok.cf, and the link to it inside the directory
  for (const auto& s : sources) CHECK(s.text.find("$6$hash") == std::string::npos);
}

TEST_CASE("rule files cannot include other files or run code") {
  // There is no include directive and no eval: each is an error naming file and line.
  std::vector<RuleSource> sources{{"local.cf",
                                   "include /etc/passwd\n"
                                   "body EVAL_TEST eval:check_for_shell()\n"
                                   "header EVAL_HDR eval:run('id')\n"}};
  auto result = RuleSet::Load(sources, RuleOptions());
  auto* errors = std::get_if<std::vector<RuleLoadError>>(&result);
  REQUIRE(errors != nullptr);
  REQUIRE(errors->size() >= 3);
  CHECK((*errors)[0].ToString().rfind("local.cf:1: ", 0) == 0);
  CHECK((*errors)[1].ToString().rfind("local.cf:2: ", 0) == 0);
  CHECK((*errors)[2].ToString().rfind("local.cf:3: ", 0) == 0);
}
