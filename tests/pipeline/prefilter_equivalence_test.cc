// The rules' prefilter (a Hyperscan pass per text deciding which body and
// header regexes and phrase lists run) must change what a message costs, never its verdict:
// every fixture, and every message of ../shared/corpus when it is present
// (mail nobody here wrote), gets the same hits, scores, details and notes with
// the prefilter on and off.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/pipeline.h"
#include "prefilter_cache_support.h"
#include "rules/regex_prefilter.h"

namespace ohm {
namespace {

std::shared_ptr<const Pipeline> Build(bool prefilter, const std::string& local_dir = "") {
  Config config;
  config.rules.prefilter = prefilter;
  config.rules.local_dir = local_dir;
  config.rules.prefilter_cache = TestPrefilterCacheDir();
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
  if (!RegexPrefilter::Available()) MESSAGE("no Hyperscan here: both sides run PCRE2 only");
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

TEST_CASE("header rules: negated, if-unset, several on one field, address parts, 8-bit values") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "ohm_prefilter_headers";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "90_local.cf") << "header LOCAL_SUBJ_A Subject =~ /invoice/i\n"
                                        "header LOCAL_SUBJ_B Subject =~ /^re:/i\n"
                                        "header LOCAL_SUBJ_NOT Subject !~ /\\d{4}/\n"
                                        "header LOCAL_SUBJ_UNSET Subject =~ /^none$/ [if-unset: none]\n"
                                        "header LOCAL_XM_A X-Mailer =~ /PHPMailer/\n"
                                        "header LOCAL_XM_NOT X-Mailer !~ /Outlook/\n"
                                        "header LOCAL_TO_A ToCc:addr =~ /@example\\.net$/m\n"
                                        "header LOCAL_TO_B ToCc:addr =~ /^anna@/m\n";
  auto with = Build(true, dir.string());
  auto without = Build(false, dir.string());
  const char* messages[] = {
      "From: a@example.com\nTo: anna@example.net\nSubject: Invoice 2026\nX-Mailer: PHPMailer 6\n\nbody\n",
      "From: a@example.com\nTo: bob@example.org, anna@example.net\nSubject: Re: lunch\n\nbody\n",
      "From: a@example.com\nCc: x@example.com\nX-Mailer: Outlook 16\n\nno subject\n",
      "From: a@example.com\nSubject: caf\xe9 \xff invoice\nX-Mailer: \xfe\n\n8-bit header values\n",
  };
  for (const char* m : messages) {
    Envelope envelope;
    RawMessage raw = SplitMessage(m, with->collect_limits());
    std::string a = Describe(with->Evaluate(envelope, raw));
    std::string b = Describe(without->Evaluate(envelope, raw));
    CHECK_MESSAGE(a == b, m << "\nwith the prefilter:\n" << a << "without:\n" << b);
  }
  // The first message hits what it should, so the comparison is not of two empty verdicts.
  std::string first = Describe(with->Evaluate(Envelope{}, SplitMessage(messages[0], with->collect_limits())));
  CHECK(first.find("LOCAL_SUBJ_A") != std::string::npos);
  CHECK(first.find("LOCAL_XM_NOT") != std::string::npos);
  CHECK(first.find("LOCAL_TO_B") != std::string::npos);
  CHECK(first.find("LOCAL_SUBJ_NOT") == std::string::npos);
}

}  // namespace
}  // namespace ohm
