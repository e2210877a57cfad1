#include "cli/doctor_command.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli_context.h"
#include "dkim/dkim_settings.h"
#include "doctor/doctor_report.h"
#include "doctor/dns_names.h"
#include "doctor/signing_domains.h"

namespace ohm {

namespace {

struct DoctorCliOptions {
  std::string domain;
  std::vector<std::string> ips;
  std::string selector;
  std::string helo;
  std::string key_file;
  std::vector<std::string> dnsbl_zones;
  doctor::DnsClientOptions dns;
  bool json = false;
  // Which of the options that [doctor] also sets were given on the command line.
  CLI::Option* ip_option = nullptr;
  CLI::Option* helo_option = nullptr;
  CLI::Option* dnsbl_option = nullptr;
  CLI::Option* resolver_option = nullptr;
  CLI::Option* timeout_option = nullptr;
  CLI::Option* retries_option = nullptr;
};

std::string BareName(std::string name) {
  while (!name.empty() && name.back() == '.') name.pop_back();
  return doctor::LowercaseName(name);
}

// [doctor] settings with the command line's options laid over them.
DoctorSettings Merge(const DoctorSettings& configured, const DoctorCliOptions& o) {
  DoctorSettings s = configured;
  if (o.ip_option->count()) s.ips = o.ips;
  if (o.helo_option->count()) s.helo = o.helo;
  if (o.dnsbl_option->count()) s.dnsbl_zones = o.dnsbl_zones;
  if (o.resolver_option->count()) s.resolver = o.dns.resolver;
  if (o.timeout_option->count()) s.timeout_ms = o.dns.timeout_ms;
  if (o.retries_option->count()) s.retries = o.dns.retries;
  return s;
}

// The checks `--config` asks for: the key table's signing domains (only
// --domain's, and only --selector's keys, when given). A --domain without a
// key in the table is checked with --selector and --key as without --config.
// Returns 0, or with *error kExitConfig when the key table does not load and
// kExitUsage when it has nothing to check.
int PlanFromConfig(const DoctorCliOptions& o, const Config& config, const DoctorSettings& settings,
                    std::vector<doctor::DoctorOptions>* plan, std::string* error) {
  DkimSettings dkim;
  std::vector<std::string> errors;
  if (!ParseDkimSettings(config.dkim.get(), config.source, &dkim, &errors)) {
    *error = errors.front();
    for (size_t i = 1; i < errors.size(); ++i) *error += "\nohm: " + errors[i];
    return kExitConfig;
  }
  std::vector<DkimKeyEntry> wanted;
  for (const DkimKeyEntry& e : dkim.keys) {
    if (!o.domain.empty() && BareName(e.domain) != BareName(o.domain)) continue;
    if (!o.selector.empty() && e.selector != o.selector) continue;
    wanted.push_back(e);
  }
  *plan = doctor::PlanSigningDomainChecks(doctor::KeysOfTable(wanted), settings);
  if (!plan->empty()) return 0;
  if (o.domain.empty()) {
    *error = config.source + " has no DKIM key" + (o.selector.empty() ? "" : " with selector " + o.selector) +
             " ([[dkim.keys]] or dkim.opendkim_key_table); give --domain";
    return kExitUsage;
  }
  doctor::DoctorOptions one{.domain = o.domain, .ips = settings.ips, .helo = settings.helo,
                            .dnsbl_zones = settings.dnsbl_zones};
  if (!o.selector.empty()) one.dkim_keys.push_back({.selector = o.selector, .key_file = o.key_file});
  one.no_dkim_reason = "dkim: " + o.domain + " has no key in the key table of " + config.source;
  plan->push_back(std::move(one));
  return 0;
}

int RunDoctorCommand(const DoctorCliOptions& o, const std::string& config_path) {
  std::vector<doctor::DoctorOptions> plan;
  doctor::DnsClientOptions dns_options = o.dns;
  Config config;
  bool with_config = !config_path.empty();
  if (with_config) {
    if (!LoadCliConfig(config_path, &config)) return kExitConfig;
    DoctorSettings settings = Merge(config.doctor, o);
    dns_options = doctor::DnsOptionsOf(settings);
    std::string error;
    if (int failed = PlanFromConfig(o, config, settings, &plan, &error)) {
      std::fprintf(stderr, "ohm: %s\n", error.c_str());
      return failed;
    }
  } else {
    if (o.domain.empty() || o.ips.empty()) {
      std::fprintf(stderr, "ohm: doctor needs --domain and --ip (or --config with a DKIM key table)\n");
      return kExitUsage;
    }
    doctor::DoctorOptions one{.domain = o.domain, .ips = o.ips, .helo = o.helo, .dnsbl_zones = o.dnsbl_zones};
    if (!o.selector.empty()) one.dkim_keys.push_back({.selector = o.selector, .key_file = o.key_file});
    plan.push_back(std::move(one));
  }
  std::string error;
  std::unique_ptr<doctor::DnsClient> dns = doctor::MakeLdnsDnsClient(dns_options, &error);
  if (!dns) {
    std::fprintf(stderr, "ohm: %s\n", error.c_str());
    return kExitUsage;
  }
  std::vector<doctor::DoctorReport> reports;
  for (const doctor::DoctorOptions& checks : plan) reports.push_back(doctor::RunDoctor(*dns, checks));
  int exit_code = 0;
  for (const doctor::DoctorReport& r : reports) exit_code = std::max(exit_code, r.ExitCode());
  auto dump = [](const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); };
  if (!with_config) {
    std::cout << (o.json ? dump(reports[0].ToJson()) + "\n" : reports[0].ToText());
  } else if (o.json) {
    // Several domains: the one-domain object of each, under "domains".
    nlohmann::json j = {{"config", config.source}, {"exit_code", exit_code}, {"domains", nlohmann::json::array()}};
    j["result"] = exit_code == 0 ? "pass" : exit_code == 1 ? "warn" : "fail";
    for (const doctor::DoctorReport& r : reports) j["domains"].push_back(r.ToJson());
    std::cout << dump(j) << "\n";
  } else {
    for (size_t i = 0; i < reports.size(); ++i) std::cout << (i ? "\n" : "") << reports[i].ToText();
    std::cout << "\n" << reports.size() << (reports.size() == 1 ? " domain" : " domains") << " from "
              << config.source << "\n";
  }
  return exit_code;
}

}  // namespace

void AddDoctorCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  auto opts = std::make_shared<DoctorCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check a sending domain's SPF, DKIM, DMARC, reverse DNS and MX as receivers do and print "
                "the records that fix what is wrong; exit 0 all pass, 1 warnings, 2 failures. With --config, "
                "check every signing domain and key of the DKIM key table");
  cmd->add_option("--domain", opts->domain,
                  "Sending domain (MAIL FROM and From); required without --config, a filter with it");
  opts->ip_option =
      cmd->add_option("--ip", opts->ips, "Public address the server sends from (repeatable: IPv4 and IPv6; "
                                         "required without --config, default doctor.ips with it)")
          ->check(CLI::Validator(
              [](std::string& ip) {
                unsigned char buf[16];
                bool ok = inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
                return ok ? std::string() : "not a numeric IPv4 or IPv6 address: " + ip;
              },
              "ADDR"));
  cmd->add_option("--selector", opts->selector,
                  "DKIM selector (the key is at SELECTOR._domainkey.DOMAIN); with --config, a filter");
  opts->helo_option = cmd->add_option("--helo", opts->helo, "HELO name the server announces (Postfix myhostname)");
  cmd->add_option("--key", opts->key_file,
                  "PEM private key ohm signs with, to compare with the published key (with --config the "
                  "key table's key files are used; --key only for a --domain the table has no key for)")
      ->check(CLI::ExistingFile);
  opts->dnsbl_option = cmd->add_option("--dnsbl", opts->dnsbl_zones,
                                       "DNS blocklist zone to look each --ip up in (repeatable; none by default)");
  opts->resolver_option = cmd->add_option("--resolver", opts->dns.resolver,
                                          "Nameserver to ask, IP or IP:PORT (default: doctor.resolver with "
                                          "--config, else /etc/resolv.conf)");
  opts->timeout_option = cmd->add_option("--timeout", opts->dns.timeout_ms,
                                         "Time per DNS attempt in milliseconds (default 3000)")
                             ->check(CLI::Range(50, 60000));
  opts->retries_option = cmd->add_option("--retries", opts->dns.retries, "Extra attempts per DNS question (default 1)")
                             ->check(CLI::Range(0, 5));
  cmd->add_flag("--json", opts->json, "Print the findings as JSON");
  cmd->callback([opts, config_path, exit_code] { *exit_code = RunDoctorCommand(*opts, *config_path); });
}

}  // namespace ohm
