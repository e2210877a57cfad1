// ohm's configuration: the typed settings of conf/ohm.toml and the loader that
// validates them. Every key is documented in README.md ("Configuration reference").
#ifndef OHM_CONFIG_CONFIG_H_
#define OHM_CONFIG_CONFIG_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/network.h"

namespace ohm {

struct MilterSettings {
  std::string socket = "inet:8895@127.0.0.1";
  int socket_mode = 0660;
  std::string user = "ohm";
  int timeout_seconds = 30;
};

struct LimitSettings {
  size_t max_body_bytes = 1024 * 1024;
  size_t max_headers = 1000;
  size_t max_header_bytes = 64 * 1024;
  size_t max_mime_depth = 20;
  size_t max_mime_parts = 500;
  size_t max_html_depth = 256;
  size_t max_decoded_bytes = 16 * 1024 * 1024;  // decoded text and attachments per message
  size_t max_links = 2000;                      // links (URLs) collected per message
  unsigned long regex_match_limit = 100000;
  size_t regex_aborts_per_message = 10;  // rules aborted by the match limit before regex rules stop
  size_t max_parallel_scans = 0;         // messages scanned at once by the daemon; 0 = one per CPU
};

struct ScopeSettings {
  bool authenticated = true;
  bool local_submission = true;
  std::vector<Network> internal_networks;
};

// Score thresholds; 0 turns an action off.
struct Thresholds {
  double tag = 3.0;
  double hold = 8.0;
  double reject = 15.0;
  double tempfail = 0.0;
};

struct ThresholdOverride {
  std::string match;  // an address ("a@example.com") or a domain ("example.com")
  Thresholds thresholds;
};

struct HeaderSettings {
  bool enabled = true;
  std::string prefix = "X-Ohm-";
  bool on_accept = true;
};

struct RuleSettings {
  std::string default_dir;  // "" = the rules compiled into the binary
  std::string local_dir;    // "" = none
  bool prefilter = true;    // Hyperscan pass before the body regexes and phrase lists (where available)
  // Directory of compiled prefilters kept between starts; "" = none. Used
  // only when it exists and only its owner (this user or root) can write it;
  // nothing but the daemon creates it.
  std::string prefilter_cache = "/var/cache/ohm";
};

struct LogSettings {
  std::string messages = "stderr";
  std::string operational = "stderr";
  std::string level = "info";
  std::string syslog_facility = "mail";
};

// The DNS check of the signing domains (`ohm doctor`) that the daemon runs in
// the background at start and after each reload, and the defaults of
// `ohm doctor --config`.
struct DoctorSettings {
  bool check_on_start = true;           // run the check at start and on SIGHUP (only with dkim.enabled)
  std::string resolver;                 // "IP" or "IP:PORT"; "" = the nameservers of /etc/resolv.conf
  int timeout_ms = 3000;                // per DNS attempt
  int retries = 1;                      // extra attempts per question
  std::vector<std::string> ips;         // the server's public addresses (SPF, reverse DNS); none = those checks skipped
  std::string helo;                     // the HELO name Postfix announces (myhostname); "" = not compared
  std::vector<std::string> dnsbl_zones; // blocklists to look each address up in
};

struct Config {
  std::string source;  // file path, or "(embedded conf/ohm.toml)"
  MilterSettings milter;
  LimitSettings limits;
  ScopeSettings scope;
  Thresholds actions;
  std::vector<ThresholdOverride> overrides;
  HeaderSettings headers;
  RuleSettings rules;
  LogSettings log;
  DoctorSettings doctor;
  // The [dkim] table as written, handed to the DKIM stage, which validates it;
  // null when the file has no [dkim] table.
  std::shared_ptr<const toml::table> dkim;
  // The [guard] table (volume guard), handed to the guard stage the same way.
  std::shared_ptr<const toml::table> guard;
};

// A configuration error: "file:line: message" (line 0 when not tied to a line).
struct ConfigError {
  std::string file;
  int line = 0;
  std::string message;
  std::string ToString() const;
};

// Parses and validates TOML text. `source` names it in errors. Unknown keys,
// wrong types and out-of-range values are errors; all errors found are
// returned (an empty vector means `*config` is complete and valid).
std::vector<ConfigError> ParseConfig(std::string_view text, const std::string& source, Config* config);

// Loads `path`, or the embedded conf/ohm.toml when `path` is empty.
std::vector<ConfigError> LoadConfig(const std::string& path, Config* config);

// Checks a libmilter socket spec ("inet:PORT@HOST", "inet6:PORT@HOST",
// "unix:/path", "local:/path"); returns "" when valid, else what is wrong.
std::string ValidateSocketSpec(std::string_view spec);

}  // namespace ohm

#endif  // OHM_CONFIG_CONFIG_H_
