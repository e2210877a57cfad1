// PrefilterBuilder and DaemonState::InstallPrefilter: the daemon's rules get
// their prefilter after start and after reloads, never over newer rules.
#include "daemon/prefilter_builder.h"

#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <filesystem>
#include <sstream>

#include "../pipeline/prefilter_cache_support.h"

namespace ohm {
namespace {

struct Daemon {
  Daemon() : logger(std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out))) {
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::debug);
    LogSettings settings;
    settings.messages = (std::filesystem::temp_directory_path() / "ohm_prefilter_builder_messages.log").string();
    std::string error;
    auto message_log = MessageLog::Open(settings, logger, &error);
    REQUIRE_MESSAGE(message_log != nullptr, error);
    state = std::make_unique<DaemonState>("", Deferred(), std::move(message_log), logger);
  }
  static std::shared_ptr<const Pipeline> Deferred() {
    std::vector<std::string> errors;
    Config config;
    config.rules.prefilter_cache = TestPrefilterCacheDir();
    auto p = Pipeline::Build(config, &errors, /*defer_prefilter=*/true);
    REQUIRE(p != nullptr);
    return p;
  }
  std::string Log() {
    logger->flush();
    return out.str();
  }
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
  std::unique_ptr<DaemonState> state;
};

TEST_CASE("a requested build puts the prefilter in force") {
  Daemon d;
  REQUIRE(d.state->pipeline()->prefilter_pending());
  PrefilterBuilder builder(d.state.get());
  builder.Request();
  builder.WaitIdle();
  CHECK_FALSE(d.state->pipeline()->prefilter_pending());
  CHECK(d.Log().find("info rules prefilter in force (built in") != std::string::npos);
  builder.Request();  // nothing left to build: no second line
  builder.WaitIdle();
  CHECK(d.Log().find("in force", d.Log().find("in force") + 1) == std::string::npos);
  CHECK_FALSE(builder.Abandon());  // idle: nothing was running
}

TEST_CASE("a build for a pipeline no longer in force is dropped") {
  Daemon d;
  std::shared_ptr<const Pipeline> old = d.state->pipeline();
  std::string error;
  std::shared_ptr<const Pipeline> built = old->WithPrefilter(&error);
  REQUIRE(built != nullptr);
  // What a reload does meanwhile: another pipeline in force.
  std::shared_ptr<const Pipeline> other = Daemon::Deferred();
  d.state->InstallPrefilter(other, built, 1.0, "");
  CHECK(d.state->pipeline() == old);
  CHECK(d.Log().find("debug rules prefilter built in 1.0 s for a configuration no longer in force; dropped") !=
        std::string::npos);
  d.state->InstallPrefilter(old, nullptr, 0.5, "out of memory");
  CHECK(d.state->pipeline() == old);
  CHECK(d.Log().find("warning rules prefilter not built (out of memory)") != std::string::npos);
  d.state->InstallPrefilter(old, built, 1.0, "");
  CHECK(d.state->pipeline() == built);
}

TEST_CASE("after Abandon no build touches the state") {
  Daemon d;
  PrefilterBuilder builder(d.state.get());
  CHECK_FALSE(builder.Abandon());
  builder.Request();  // too late: never runs
  builder.WaitIdle();
  CHECK(d.state->pipeline()->prefilter_pending());
  CHECK(builder.Abandon() == false);  // idempotent
}

}  // namespace
}  // namespace ohm
