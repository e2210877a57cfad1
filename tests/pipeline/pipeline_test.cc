// Pipeline::Build with a deferred prefilter and Pipeline::WithPrefilter: the
// daemon starts and reloads on the first, then swaps in the second.
#include "pipeline/pipeline.h"
#include "prefilter_cache_support.h"
#include "rules/regex_prefilter.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace ohm {
namespace {

std::shared_ptr<const Pipeline> Build(Config config, bool defer) {
  config.rules.prefilter_cache = TestPrefilterCacheDir();
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

TEST_CASE("WithPrefilter loads from rules.prefilter_cache what an earlier build stored there") {
  if (!RegexPrefilter::Available()) return;
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "ohm_pipeline_prefilter_cache";
  fs::remove_all(dir);
  fs::create_directory(dir);
  fs::permissions(dir, fs::perms::owner_all);
  Config config;
  config.rules.prefilter_cache = dir.string();
  std::vector<std::string> errors;
  auto first = Pipeline::Build(config, &errors, /*defer_prefilter=*/true);
  REQUIRE(first != nullptr);
  CHECK(first->prefilter_cache() == nullptr);  // nothing built yet
  std::string error;
  auto compiled = first->WithPrefilter(&error);
  REQUIRE(compiled != nullptr);
  REQUIRE(compiled->prefilter_cache() != nullptr);
  PrefilterCache::Counts c1 = compiled->prefilter_cache()->counts();
  CHECK(c1.loaded == 0);
  CHECK(c1.stored > 0);
  CHECK(c1.stored == c1.missed);

  auto second = Pipeline::Build(config, &errors, /*defer_prefilter=*/true)->WithPrefilter(&error);
  REQUIRE(second != nullptr);
  PrefilterCache::Counts c2 = second->prefilter_cache()->counts();
  CHECK(c2.lookups == c1.lookups);
  CHECK(c2.loaded == c1.stored);
  CHECK(c2.stored == 0);
  CHECK(c2.refused == 0);
  const std::string message =
      "From: Shop <shop@example.com>\nTo: anna@example.net\nSubject: FREE MONEY!!!\n"
      "Date: Fri, 27 Nov 2026 10:00:00 +0000\nMessage-ID: <p2@example.com>\n\n"
      "Dear friend, click here to claim your free prize now, 100% guaranteed!\n";
  CHECK(Describe(*second, message) == Describe(*compiled, message));

  config.rules.prefilter_cache = "";
  CHECK(Pipeline::Build(config, &errors, true)->WithPrefilter(&error)->prefilter_cache() == nullptr);
  fs::remove_all(dir);
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
