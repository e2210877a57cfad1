#include "cli/doctor_command.h"

#include <arpa/inet.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli_context.h"
#include "doctor/doctor_report.h"

namespace ohm {

namespace {

struct DoctorCliOptions {
  doctor::DoctorOptions checks;
  doctor::DnsClientOptions dns;
  bool json = false;
};

int RunDoctorCommand(const DoctorCliOptions& o) {
  std::string error;
  std::unique_ptr<doctor::DnsClient> dns = doctor::MakeLdnsDnsClient(o.dns, &error);
  if (!dns) {
    std::fprintf(stderr, "ohm: %s\n", error.c_str());
    return kExitUsage;
  }
  doctor::DoctorReport report = doctor::RunDoctor(*dns, o.checks);
  if (o.json) std::cout << report.ToJson().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << report.ToText();
  return report.ExitCode();
}

}  // namespace

void AddDoctorCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<DoctorCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check a sending domain's SPF, DKIM, DMARC, reverse DNS and MX as receivers do and print "
                "the records that fix what is wrong; exit 0 all pass, 1 warnings, 2 failures");
  cmd->add_option("--domain", opts->checks.domain, "Sending domain (MAIL FROM and From)")->required();
  cmd->add_option("--ip", opts->checks.ips, "Public address the server sends from (repeatable: IPv4 and IPv6)")
      ->required()
      ->check(CLI::Validator(
          [](std::string& ip) {
            unsigned char buf[16];
            bool ok = inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
            return ok ? std::string() : "not a numeric IPv4 or IPv6 address: " + ip;
          },
          "ADDR"));
  cmd->add_option("--selector", opts->checks.selector, "DKIM selector (the key is at SELECTOR._domainkey.DOMAIN)");
  cmd->add_option("--helo", opts->checks.helo, "HELO name the server announces (Postfix myhostname)");
  cmd->add_option("--key", opts->checks.key_file, "PEM private key ohm signs with, to compare with the published key")
      ->check(CLI::ExistingFile);
  cmd->add_option("--dnsbl", opts->checks.dnsbl_zones, "DNS blocklist zone to look each --ip up in (repeatable; none by default)");
  cmd->add_option("--resolver", opts->dns.resolver, "Nameserver to ask, IP or IP:PORT (default: /etc/resolv.conf)");
  cmd->add_option("--timeout", opts->dns.timeout_ms, "Time per DNS attempt in milliseconds (default 3000)")
      ->check(CLI::Range(50, 60000));
  cmd->add_option("--retries", opts->dns.retries, "Extra attempts per DNS question (default 1)")->check(CLI::Range(0, 5));
  cmd->add_flag("--json", opts->json, "Print the findings as JSON");
  cmd->callback([opts, exit_code] { *exit_code = RunDoctorCommand(*opts); });
}

}  // namespace ohm
