#include "daemon/daemon_state.h"

namespace ohm {

DaemonState::DaemonState(std::string config_path, std::shared_ptr<const Pipeline> pipeline,
                         std::unique_ptr<MessageLog> message_log, std::shared_ptr<spdlog::logger> log)
    : config_path_(std::move(config_path)),
      pipeline_(std::move(pipeline)),
      message_log_(std::move(message_log)),
      log_(std::move(log)),
      scan_gate_(pipeline_.load()->config().limits.max_parallel_scans) {}

void DaemonState::StartGuard(std::unique_ptr<GuardStore> store) {
  guard_store_ = std::move(store);
  guard_ = std::make_unique<Guard>(pipeline()->guard(), guard_store_.get(), &clock_, log_);
}

bool DaemonState::Reload() {
  Config config;
  std::vector<std::string> errors;
  for (const ConfigError& e : LoadConfig(config_path_, &config)) errors.push_back(e.ToString());
  std::shared_ptr<const Pipeline> next;
  if (errors.empty()) next = Pipeline::Build(config, &errors, /*defer_prefilter=*/true);
  if (!next) {
    // SIGHUP also follows log rotation, whatever the new configuration is worth.
    message_log_->Reopen();
    for (const auto& e : errors) log_->error("reload: {}", e);
    log_->error("reload failed: keeping the running configuration ({} error(s))", errors.size());
    return false;
  }
  std::shared_ptr<const Pipeline> old = pipeline_.load();
  const Config& was = old->config();
  if (config.milter.socket != was.milter.socket || config.milter.user != was.milter.user) {
    log_->warn("reload: milter.socket and milter.user changes take effect only after a restart");
  }
  if (config.limits.max_parallel_scans != was.limits.max_parallel_scans) {
    log_->warn("reload: limits.max_parallel_scans changes take effect only after a restart");
  }
  if (config.log.messages != was.log.messages || config.log.operational != was.log.operational) {
    log_->warn("reload: log target changes take effect only after a restart");
  }
  const GuardSettings& g = next->guard();
  const GuardSettings& g_was = old->guard();
  if (g.enabled != g_was.enabled || g.store != g_was.store || g.state_path != g_was.state_path ||
      g.redis.endpoints != g_was.redis.endpoints) {
    log_->warn("reload: guard.enabled, guard.store, guard.state_path and guard.redis.endpoints changes take effect "
               "only after a restart");
  }
  if (guard_) guard_->UpdateSettings(g);
  pipeline_.store(std::move(next));
  message_log_->Reopen();
  LogDkimKeys(*log_, *pipeline_.load());
  log_->info("reload: configuration {} and {} rules in force", config.source, pipeline_.load()->rules().List().size());
  return true;
}

void DaemonState::InstallPrefilter(std::shared_ptr<const Pipeline> from_pipeline,
                                   std::shared_ptr<const Pipeline> built, double seconds, const std::string& error) {
  if (!built) {
    log_->warn("rules prefilter not built ({}): rules run on PCRE2 alone, same verdicts at a higher cost", error);
    return;
  }
  // Kept alive past the swap below, which gives `built` away.
  std::shared_ptr<const PrefilterCache> cache = built->prefilter_cache();
  if (!pipeline_.compare_exchange_strong(from_pipeline, std::move(built))) {
    log_->debug("rules prefilter built in {:.1f} s for a configuration no longer in force; dropped", seconds);
    return;
  }
  if (cache == nullptr) {
    log_->info("rules prefilter in force (built in {:.2f} s)", seconds);
    return;
  }
  log_->info("rules prefilter in force (built in {:.2f} s; {})", seconds, cache->Summary());
  if (size_t refused = cache->counts().refused; refused > 0)
    log_->warn("rules prefilter cache refused {} read(s) or write(s), the last: {}; passes not loaded were compiled",
               refused, cache->problem());
}

void LogDkimKeys(spdlog::logger& log, const Pipeline& pipeline) {
  const DkimSigner& dkim = pipeline.dkim();
  if (!dkim.settings().enabled) return;
  for (const SigningKey& k : dkim.keys()) {
    log.info("DKIM key {} ({}, {} bits, {}): {} IN TXT \"{}\"", k.entry.name, DkimAlgorithmName(k.algorithm), k.bits,
             k.entry.key_file, k.DnsName(), k.DnsRecord());
  }
}

}  // namespace ohm
