#include "daemon/dns_check_worker.h"

#include "doctor/signing_domains.h"

namespace ohm {

namespace {

// Answers every question after Stop() at once, so that an abandoned check
// runs through its remaining questions without waiting on the network.
class StoppableDnsClient : public doctor::DnsClient {
 public:
  StoppableDnsClient(doctor::DnsClient& dns, const std::atomic<bool>& stop) : dns_(dns), stop_(stop) {}
  doctor::DnsAnswer Query(const std::string& name, doctor::DnsType type) override {
    if (stop_) return {.status = doctor::DnsStatus::kTimeout, .records = {}, .error = "check stopped"};
    return dns_.Query(name, type);
  }

 private:
  doctor::DnsClient& dns_;
  const std::atomic<bool>& stop_;
};

}  // namespace

int RunAndLogSigningDomainChecks(doctor::DnsClient& dns, const std::vector<doctor::DoctorOptions>& plan,
                                 spdlog::logger& log, const std::atomic<bool>& stop) {
  StoppableDnsClient stoppable(dns, stop);
  int warnings = 0;
  for (const doctor::DoctorOptions& checks : plan) {
    doctor::DoctorReport report = doctor::RunDoctor(stoppable, checks);
    if (stop) return warnings;
    int failures = 0, warns = 0;
    for (const doctor::Finding& f : report.findings) {
      if (f.severity == doctor::Severity::kPass) continue;
      bool failed = f.severity == doctor::Severity::kFail;
      failures += failed;
      warns += !failed;
      log.warn("DNS check {}: {} {} {}: {}{}", report.domain, failed ? "FAIL" : "WARN", f.check, f.subject, f.summary,
               f.fix.empty() ? "" : "; publish: " + f.fix);
      ++warnings;
    }
    for (const std::string& skipped : report.skipped) log.info("DNS check {}: skipped {}", report.domain, skipped);
    log.info("DNS check {}: {} failure(s), {} warning(s){}", report.domain, failures, warns,
             failures + warns ? " (ohm doctor --config shows why each matters)" : "");
  }
  return warnings;
}

DnsCheckWorker::DnsCheckWorker(std::function<std::shared_ptr<const Pipeline>()> current,
                               std::shared_ptr<spdlog::logger> log, DnsClientFactory make_dns)
    : current_(std::move(current)),
      log_(std::move(log)),
      make_dns_(std::move(make_dns)),
      worker_([this] { CheckOnce(); }) {}

DnsCheckWorker::~DnsCheckWorker() { Stop(); }

void DnsCheckWorker::Request() { worker_.Request(); }

void DnsCheckWorker::Stop() {
  stop_ = true;  // the running check gives up at its next DNS question
  worker_.Stop();
}

void DnsCheckWorker::WaitIdle() { worker_.WaitIdle(); }

void DnsCheckWorker::CheckOnce() {
  std::shared_ptr<const Pipeline> pipeline = current_();
  const DoctorSettings& settings = pipeline->config().doctor;
  const DkimSigner& dkim = pipeline->dkim();
  if (!settings.check_on_start || !dkim.settings().enabled) return;
  std::vector<doctor::DoctorOptions> plan =
      doctor::PlanSigningDomainChecks(doctor::KeysOfLoaded(dkim.keys()), settings);
  if (plan.empty()) return;
  std::string error;
  std::unique_ptr<doctor::DnsClient> dns = make_dns_(doctor::DnsOptionsOf(settings), &error);
  if (!dns) {
    log_->warn("DNS check of the signing domains not run: {}", error);
    return;
  }
  log_->info("DNS check of {} signing domain(s) started in the background", plan.size());
  RunAndLogSigningDomainChecks(*dns, plan, *log_, stop_);
}

}  // namespace ohm
