// The rules' prefilter (a Hyperscan pass deciding which body regexes and
// phrase lists run) must change what a message costs, never its verdict:
// every fixture, and every message of ../shared/corpus when it is present
// (mail nobody here wrote), gets the same hits, scores, details and notes with
// the prefilter on and off.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/pipeline.h"
#include "rules/body_prefilter.h"

namespace ohm {
namespace {

std::shared_ptr<const Pipeline> Build(bool prefilter) {
  Config config;
  config.rules.prefilter = prefilter;
  std::vector<std::string> errors;
  auto p = Pipeline::Build(config, &errors);
  REQUIRE_MESSAGE(p != nullptr, (errors.empty() ? "" : errors[0]));
  return p;
}

std::string Describe(const Verdict& v) {
  std::string out = "score " + std::to_string(v.score) + "\n";
  for (const RuleHit& h : v.hits) out += h.name + " " + std::to_string(h.score) + " " + h.detail + "\n";
  for (const std::string& n : v.notes) out += "note " + n + "\n";
  return out;
}

// Compares the two pipelines over every file below `dir`; returns how many were compared.
size_t CompareTree(const std::string& dir, const Pipeline& with, const Pipeline& without) {
  namespace fs = std::filesystem;
  size_t compared = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec || !it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    Envelope envelope;
    envelope.client_addr = "127.0.0.1";
    envelope.mail_from = "bob@example.com";
    envelope.rcpt_to = {"anna@example.net"};
    RawMessage raw = SplitMessage(bytes.str(), with.collect_limits());
    std::string a = Describe(with.Evaluate(envelope, raw));
    std::string b = Describe(without.Evaluate(envelope, raw));
    CHECK_MESSAGE(a == b, it->path().string() << "\nwith the prefilter:\n" << a << "without:\n" << b);
    ++compared;
  }
  return compared;
}

TEST_CASE("the same verdicts with and without the prefilter") {
  if (!BodyPrefilter::Available()) MESSAGE("no Hyperscan here: both sides run PCRE2 only");
  auto with = Build(true);
  auto without = Build(false);
  size_t fixtures = CompareTree(OHM_TEST_FIXTURES, *with, *without);
  CHECK(fixtures > 40);
  std::string corpus = OHM_SOURCE_DIR "/../shared/corpus";
  if (std::filesystem::is_directory(corpus)) {
    size_t n = CompareTree(corpus, *with, *without);
    MESSAGE(n << " corpus files compared");
  } else {
    MESSAGE("no corpus at " << corpus << ": fixtures only");
  }
}

}  // namespace
}  // namespace ohm
