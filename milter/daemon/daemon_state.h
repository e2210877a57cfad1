// What the running daemon shares between libmilter's connection threads: the
// current pipeline snapshot (swapped atomically on reload), the message log
// the operational log and the volume guard.
#ifndef OHM_DAEMON_DAEMON_STATE_H_
#define OHM_DAEMON_DAEMON_STATE_H_

#include <atomic>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "guard/clock.h"
#include "guard/guard.h"
#include "guard/guard_store.h"
#include "log/message_log.h"
#include "daemon/scan_gate.h"
#include "pipeline/pipeline.h"

namespace ohm {

class DaemonState {
 public:
  DaemonState(std::string config_path, std::shared_ptr<const Pipeline> pipeline,
              std::unique_ptr<MessageLog> message_log, std::shared_ptr<spdlog::logger> log);

  // The pipeline new messages start on. Thread-safe.
  std::shared_ptr<const Pipeline> pipeline() const { return pipeline_.load(); }
  MessageLog& message_log() { return *message_log_; }
  spdlog::logger& log() { return *log_; }
  // The volume guard, or null when guard.enabled was false at start.
  Guard* guard() { return guard_.get(); }
  // Starts the volume guard on `store` with the current pipeline's [guard]
  // settings. Call once, before smfi_main.
  void StartGuard(std::unique_ptr<GuardStore> store);
  // Bounds the messages scanned at once (limits.max_parallel_scans at start).
  ScanGate& scan_gate() { return scan_gate_; }
  // Counts a DKIM self-check failure; returns the total since start. Thread-safe.
  uint64_t CountSelfCheckFailure() { return ++self_check_failures_; }

  // Re-reads the configuration file and rules. On success swaps in the new
  // pipeline (messages in flight finish on the old one) and reopens the message
  // log; on failure logs every error and keeps the running configuration.
  // Returns true when the new configuration is in force. The new pipeline
  // comes without its rules' prefilter (PrefilterBuilder adds it), so messages
  // see the new rules and log file without waiting for Hyperscan.
  bool Reload();

  // Puts `built` (from_pipeline->WithPrefilter()) in force if `from_pipeline`
  // is still the pipeline in force; a reload meanwhile made it stale and
  // `built` is dropped. Null `built` logs `error`: the rules then stay on
  // PCRE2 alone. Logs the outcome with the build's `seconds`. Thread-safe.
  void InstallPrefilter(std::shared_ptr<const Pipeline> from_pipeline, std::shared_ptr<const Pipeline> built,
                        double seconds, const std::string& error);

 private:
  std::string config_path_;
  std::atomic<std::shared_ptr<const Pipeline>> pipeline_;
  std::unique_ptr<MessageLog> message_log_;
  std::shared_ptr<spdlog::logger> log_;
  std::atomic<uint64_t> self_check_failures_{0};
  ScanGate scan_gate_;
  SystemClock clock_;
  std::unique_ptr<GuardStore> guard_store_;
  std::unique_ptr<Guard> guard_;  // after guard_store_: destroyed first
};

// Writes each DKIM key of `pipeline` to `log` with the DNS record its public
// half needs ("NAME: SELECTOR._domainkey.DOMAIN IN TXT \"v=DKIM1; ...\""), so an
// admin can compare it with what is published. Called at start and on reload.
void LogDkimKeys(spdlog::logger& log, const Pipeline& pipeline);

}  // namespace ohm

#endif  // OHM_DAEMON_DAEMON_STATE_H_
