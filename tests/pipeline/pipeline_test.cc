// Pipeline::Build with a deferred prefilter and Pipeline::WithPrefilter: the
// daemon starts and reloads on the first, then swaps in the second.
#include "pipeline/pipeline.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace ohm {
namespace {

std::shared_ptr<const Pipeline> Build(const Config& config, bool defer) {
  std::vector<std::string> errors;
  auto p = Pipeline::Build(config, &errors, defer);
  REQUIRE_MESSAGE(p != nullptr, (errors.empty() ? "" : errors[0]));
  return p;
}

std::string Describe(const Pipeline& p, const std::string& message) {
  Envelope envelope;
  envelope.mail_from = "bob@example.com";
  envelope.rcpt_to = {"anna@example.net"};
  Verdict v = p.Evaluate(envelope, SplitMessage(message, p.collect_limits()));
  std::string out = "score " + std::to_string(v.score) + "\n";
  for (const RuleHit& h : v.hits) out += h.name + " " + std::to_string(h.score) + "\n";
  return out;
}

TEST_CASE("a deferred prefilter is pending only when rules.prefilter is on") {
  Config config;
  CHECK(Build(config, true)->prefilter_pending());
  CHECK_FALSE(Build(config, false)->prefilter_pending());
  config.rules.prefilter = false;
  auto off = Build(config, true);
  CHECK_FALSE(off->prefilter_pending());
  std::string error;
  CHECK(off->WithPrefilter(&error) == nullptr);  // nothing to build
}

TEST_CASE("WithPrefilter keeps the rule texts as read, the keys and the verdicts") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "ohm_pipeline_deferred";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "90_local.cf") << "body LOCAL_PARCEL /\\bparcel on hold\\b/i\n"
                                        "score LOCAL_PARCEL 2.5\n"
                                        "describe LOCAL_PARCEL A parcel on hold\n";
  Config config;
  config.rules.local_dir = dir.string();
  auto deferred = Build(config, true);
  // The file goes away before the prefilter is built: a reload's rules are
  // those read at the reload, not whatever the directory holds a second later.
  fs::remove_all(dir);
  std::string error;
  auto built = deferred->WithPrefilter(&error);
  REQUIRE_MESSAGE(built != nullptr, error);
  CHECK_FALSE(built->prefilter_pending());
  CHECK(built->WithPrefilter(&error) == nullptr);
  CHECK(&built->dkim() == &deferred->dkim());
  CHECK(built->rules().List().size() == deferred->rules().List().size());
  const std::string message =
      "From: Shop <shop@example.com>\nTo: anna@example.net\nSubject: Your parcel\n"
      "Date: Fri, 27 Nov 2026 10:00:00 +0000\nMessage-ID: <p1@example.com>\n\n"
      "Hello Anna, your parcel on hold at the depot can be collected tomorrow.\n";
  std::string a = Describe(*deferred, message);
  CHECK(a.find("LOCAL_PARCEL 2.5") != std::string::npos);
  CHECK(Describe(*built, message) == a);
}

}  // namespace
}  // namespace ohm
