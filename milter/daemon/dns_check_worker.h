// The daemon's DNS check of its signing domains: `ohm doctor` for every
// domain and key of the DKIM key table in force, at start and after each
// reload, on a thread of its own. Problems go to the operational log as one
// warning each. The check never runs on a message's path and never delays
// start-up; every DNS question is bounded by doctor.timeout_ms and
// doctor.retries, and Stop() abandons a check between two questions.
#ifndef OHM_DAEMON_DNS_CHECK_WORKER_H_
#define OHM_DAEMON_DNS_CHECK_WORKER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include <spdlog/logger.h>

#include "daemon/coalescing_worker.h"
#include "doctor/dns_client.h"
#include "doctor/doctor_report.h"
#include "pipeline/pipeline.h"

namespace ohm {

// Runs each planned check with `dns` and logs, per domain, one warning per
// failing or warning finding (with the record to publish) and a closing
// count. Gives up without logging further once `stop` is true. Returns the
// number of warnings logged.
int RunAndLogSigningDomainChecks(doctor::DnsClient& dns, const std::vector<doctor::DoctorOptions>& plan,
                                 spdlog::logger& log, const std::atomic<bool>& stop);

// Builds the real DNS client for a check; the daemon passes MakeLdnsDnsClient.
using DnsClientFactory =
    std::function<std::unique_ptr<doctor::DnsClient>(const doctor::DnsClientOptions&, std::string*)>;

class DnsCheckWorker {
 public:
  // `current` returns the pipeline in force (its configuration and loaded
  // keys are what gets checked); `log` is the operational log.
  DnsCheckWorker(std::function<std::shared_ptr<const Pipeline>()> current, std::shared_ptr<spdlog::logger> log,
                 DnsClientFactory make_dns);
  ~DnsCheckWorker();
  DnsCheckWorker(const DnsCheckWorker&) = delete;
  DnsCheckWorker& operator=(const DnsCheckWorker&) = delete;

  // Asks for a check of the pipeline in force; returns at once. Requests made
  // while a check runs are merged into one more check. Nothing is checked when
  // DKIM signing is off or doctor.check_on_start is false.
  void Request();
  // Abandons a running check at its next DNS question and ends the thread.
  // Idempotent.
  void Stop();
  // Waits until no check is pending or running (for tests).
  void WaitIdle();

 private:
  void CheckOnce();

  std::function<std::shared_ptr<const Pipeline>()> current_;
  std::shared_ptr<spdlog::logger> log_;
  DnsClientFactory make_dns_;
  std::atomic<bool> stop_{false};
  CoalescingWorker worker_;  // last: its thread starts once the members above exist
};

}  // namespace ohm

#endif  // OHM_DAEMON_DNS_CHECK_WORKER_H_
