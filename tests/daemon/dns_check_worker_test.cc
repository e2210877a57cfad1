#include "daemon/dns_check_worker.h"

#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "../dkim/dkim_test_support.h"
#include "../doctor/fake_dns.h"
#include "doctor/dkim_record.h"
#include "../pipeline/prefilter_cache_support.h"

namespace ohm {

namespace {

using doctor::DnsType;
using doctor::FakeDns;

struct CapturedLog {
  CapturedLog() : logger(std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out))) {
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::debug);
  }
  std::string Text() {
    logger->flush();
    return out.str();
  }
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
};

// example.com with SPF, DMARC, MX and reverse DNS right; keys are added per test.
FakeDns GoodDomain() {
  FakeDns dns;
  dns.Add("example.com", DnsType::kTxt, "v=spf1 ip4:203.0.113.5 -all");
  dns.Add("_dmarc.example.com", DnsType::kTxt, "v=DMARC1; p=reject; rua=mailto:d@example.com");
  dns.Add("5.113.0.203.in-addr.arpa", DnsType::kPtr, "mail.example.com");
  dns.Add("mail.example.com", DnsType::kA, "203.0.113.5");
  dns.Add("example.com", DnsType::kMx, "mail.example.com");
  return dns;
}

std::string KeyRecord(const std::string& key_file) {
  std::string error;
  std::string record = doctor::KeyRecordForPrivateKey(key_file, &error);
  REQUIRE(error == "");
  return record;
}

// A pipeline signing example.com with `key_file` under selector s1.
std::shared_ptr<const Pipeline> SigningPipeline(const std::string& key_file, const std::string& doctor_table) {
  std::string text = "[doctor]\n" + doctor_table +
                     "\n[dkim]\nenabled = true\n[[dkim.keys]]\nname = \"k\"\ndomain = \"example.com\"\n"
                     "selector = \"s1\"\nkey_file = \"" + key_file + "\"\n"
                     "[[dkim.signing]]\nmatch = \"example.com\"\nkeys = [\"k\"]\n";
  Config config;
  auto config_errors = ParseConfig(text, "test.toml", &config);
  REQUIRE(config_errors.empty());
  config.rules.prefilter_cache = TestPrefilterCacheDir();
  std::vector<std::string> errors;
  auto pipeline = Pipeline::Build(config, &errors);
  REQUIRE_MESSAGE(pipeline, (errors.empty() ? "" : errors[0]));
  return pipeline;
}

}  // namespace

TEST_CASE("each failing or warning finding is one warning with the record to publish") {
  FakeDns dns = GoodDomain();
  dns.Add("s1._domainkey.example.com", DnsType::kTxt, "v=DKIM1; k=rsa; p=");  // revoked
  dns.Add("example.org", DnsType::kTxt, "v=spf1 ip4:203.0.113.5 ?all");
  std::vector<doctor::DoctorOptions> plan = {
      {.domain = "example.com", .ips = {"203.0.113.5"}, .dkim_keys = {{.selector = "s1"}}},
      {.domain = "example.org"}};
  CapturedLog log;
  std::atomic<bool> stop{false};
  int warnings = RunAndLogSigningDomainChecks(dns, plan, *log.logger, stop);
  std::string text = log.Text();
  CHECK(text.find("warning DNS check example.com: FAIL dkim s1._domainkey.example.com: the key at "
                  "s1._domainkey.example.com is revoked (empty p=); publish: s1._domainkey.example.com. 3600 IN TXT") !=
        std::string::npos);
  CHECK(text.find("info DNS check example.com: 1 failure(s), 0 warning(s)") != std::string::npos);
  // example.org has no DMARC, no MX and (without addresses) no SPF or reverse DNS check.
  CHECK(text.find("warning DNS check example.org: FAIL dmarc _dmarc.example.org") != std::string::npos);
  CHECK(text.find("warning DNS check example.org: FAIL mx example.org: no MX record for example.org; publish: "
                  "example.org. 3600 IN MX 10 mail.example.org.") != std::string::npos);
  CHECK(text.find("info DNS check example.org: skipped spf, reverse_dns: no server address given") != std::string::npos);
  int lines = 0;
  for (size_t at = text.find("warning "); at != std::string::npos; at = text.find("warning ", at + 1)) ++lines;
  CHECK(lines == warnings);
}

TEST_CASE("a stopped check asks nothing more and logs nothing") {
  FakeDns dns = GoodDomain();
  CapturedLog log;
  std::atomic<bool> stop{true};
  CHECK(RunAndLogSigningDomainChecks(dns, {{.domain = "example.com"}}, *log.logger, stop) == 0);
  CHECK(dns.queries == 0);
  CHECK(log.Text().empty());
}

TEST_CASE("the worker checks the loaded keys of the pipeline in force, and only when asked to") {
  TempDir dir;
  std::string key = MakeKeyFile(dir, "s1.key", DkimAlgorithm::kRsaSha256);
  std::string other = MakeKeyFile(dir, "other.key", DkimAlgorithm::kRsaSha256);
  auto pipeline = SigningPipeline(key, "ips = [\"203.0.113.5\"]\nresolver = \"127.0.0.1:5353\"\ntimeout_ms = 100");
  std::string asked_resolver;
  auto factory = [&](const doctor::DnsClientOptions& o, std::string*) -> std::unique_ptr<doctor::DnsClient> {
    asked_resolver = o.resolver + " " + std::to_string(o.timeout_ms);
    auto dns = std::make_unique<FakeDns>(GoodDomain());
    dns->Add("s1._domainkey.example.com", DnsType::kTxt, KeyRecord(other));  // not the signing key
    return dns;
  };
  CapturedLog log;
  DnsCheckWorker worker([&] { return pipeline; }, log.logger, factory);
  worker.Request();
  worker.WaitIdle();
  CHECK(asked_resolver == "127.0.0.1:5353 100");
  std::string text = log.Text();
  CHECK(text.find("warning DNS check example.com: FAIL dkim s1._domainkey.example.com: the published key is not the "
                  "public half of " + key + "; publish: s1._domainkey.example.com. 3600 IN TXT") != std::string::npos);
  CHECK(text.find("info DNS check example.com: 1 failure(s), 0 warning(s)") != std::string::npos);

  // check_on_start = false: nothing is asked, nothing logged.
  auto quiet = SigningPipeline(key, "check_on_start = false");
  CapturedLog quiet_log;
  asked_resolver.clear();
  DnsCheckWorker off([&] { return quiet; }, quiet_log.logger, factory);
  off.Request();
  off.WaitIdle();
  CHECK(asked_resolver.empty());
  CHECK(quiet_log.Text().empty());
}

TEST_CASE("Stop abandons a check whose resolver is slow, without waiting for every question") {
  // Each question takes 200 ms; a full check asks about ten.
  struct SlowDns : doctor::DnsClient {
    doctor::DnsAnswer Query(const std::string&, doctor::DnsType) override {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return {.status = doctor::DnsStatus::kTimeout, .records = {}, .error = "timeout"};
    }
  };
  TempDir dir;
  auto pipeline = SigningPipeline(MakeKeyFile(dir, "s1.key", DkimAlgorithm::kEd25519Sha256), "ips = [\"203.0.113.5\"]");
  CapturedLog log;
  auto worker = std::make_unique<DnsCheckWorker>(
      [&] { return pipeline; }, log.logger,
      [](const doctor::DnsClientOptions&, std::string*) { return std::make_unique<SlowDns>(); });
  worker->Request();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  worker->Stop();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
  CHECK(log.Text().find("warning") == std::string::npos);
}

TEST_CASE("an unusable resolver is one warning, not a crash") {
  TempDir dir;
  auto pipeline = SigningPipeline(MakeKeyFile(dir, "s1.key", DkimAlgorithm::kEd25519Sha256), "");
  CapturedLog log;
  DnsCheckWorker worker([&] { return pipeline; }, log.logger, [](const doctor::DnsClientOptions&, std::string* error) {
    *error = "cannot read the nameservers of /etc/resolv.conf";
    return std::unique_ptr<doctor::DnsClient>();
  });
  worker.Request();
  worker.WaitIdle();
  CHECK(log.Text() == "warning DNS check of the signing domains not run: cannot read the nameservers of /etc/resolv.conf\n");
}

}  // namespace ohm
