#include "config/config.h"

#include <arpa/inet.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "config/embedded_defaults.h"
#include "config/toml_reader.h"
#include "core/nameserver_address.h"

namespace ohm {

namespace {

using Reader = TomlReader;
using KeyHandler = TomlReader::KeyHandler;

void ReadTable(Reader& r, const toml::table& table, const std::string& section,
               const std::map<std::string, KeyHandler>& handlers) {
  r.ReadTable(table, section, handlers);
}

void ReadThresholds(Reader& r, const toml::table& t, const std::string& section, Thresholds* th,
                    const std::map<std::string, KeyHandler>& extra = {}) {
  auto num = [&r](double* out) {
    return [&r, out](const toml::node& n, const std::string& k) { r.Number(n, k, 0, 1e6, out); };
  };
  std::map<std::string, KeyHandler> h = {
      {"tag", num(&th->tag)}, {"hold", num(&th->hold)},
      {"reject", num(&th->reject)}, {"tempfail", num(&th->tempfail)}};
  h.insert(extra.begin(), extra.end());
  ReadTable(r, t, section, h);
}

// [doctor]: addresses and the resolver are checked here, so that a typo stops
// --check-config instead of surfacing later in a background check.
void ReadDoctorSettings(Reader& r, const toml::table& t, const std::string& section, DoctorSettings* d) {
  auto addresses = [&r](std::vector<std::string>* out, bool zones) {
    return [&r, out, zones](const toml::node& v, const std::string& key) {
      const toml::array* a = v.as_array();
      if (!a) { r.Error(v, key + " must be an array of strings"); return; }
      out->clear();
      for (const toml::node& e : *a) {
        std::string s;
        if (!r.String(e, key + "[]", &s)) continue;
        unsigned char buf[16];
        bool ip = inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
        if (!zones && !ip) r.Error(e, key + ": '" + s + "' is not a numeric IPv4 or IPv6 address");
        else if (zones && s.empty()) r.Error(e, key + ": a zone name must not be empty");
        else out->push_back(s);
      }
    };
  };
  ReadTable(r, t, section, {
      {"check_on_start", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &d->check_on_start); }},
      {"resolver", [&](const toml::node& v, const std::string& key) {
         NameserverAddress nameserver;
         if (r.String(v, key, &d->resolver) && !d->resolver.empty() && !ParseNameserverAddress(d->resolver, &nameserver))
           r.Error(v, key + " must be \"\" (/etc/resolv.conf), IP, IP:PORT or [IPv6]:PORT");
       }},
      {"timeout_ms", [&](const toml::node& v, const std::string& key) { r.Integer(v, key, 50, 60000, &d->timeout_ms); }},
      {"retries", [&](const toml::node& v, const std::string& key) { r.Integer(v, key, 0, 5, &d->retries); }},
      {"ips", addresses(&d->ips, false)},
      {"helo", [&](const toml::node& v, const std::string& key) { r.String(v, key, &d->helo); }},
      {"dnsbl_zones", addresses(&d->dnsbl_zones, true)},
  });
}

// `root_owner` owns `root`: the [dkim] table is handed on as a view into it,
// since a copied toml++ table loses the line numbers errors need.
void ReadConfigTables(Reader& r, const toml::table& root, const std::shared_ptr<const toml::table>& root_owner,
                      Config* c) {
  auto section = [&r](const toml::node& n, const std::string& k, auto&& fn) {
    if (const toml::table* t = n.as_table()) fn(*t);
    else r.Error(n, "'" + k + "' must be a table ([" + k + "])");
  };
  std::map<std::string, KeyHandler> top = {
      {"milter", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           ReadTable(r, t, k, {
               {"socket", [&](const toml::node& v, const std::string& key) {
                  if (!r.String(v, key, &c->milter.socket)) return;
                  if (std::string why = ValidateSocketSpec(c->milter.socket); !why.empty()) r.Error(v, key + ": " + why);
                }},
               {"socket_mode", [&](const toml::node& v, const std::string& key) {
                  std::string s;
                  if (!r.String(v, key, &s)) return;
                  int mode = 0;
                  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), mode, 8);
                  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || mode > 0777)
                    r.Error(v, key + " must be an octal mode such as \"0660\"");
                  else c->milter.socket_mode = mode;
                }},
               {"user", [&](const toml::node& v, const std::string& key) { r.String(v, key, &c->milter.user); }},
               {"timeout", [&](const toml::node& v, const std::string& key) {
                  r.Integer(v, key, 1, 3600, &c->milter.timeout_seconds);
                }},
           });
         });
       }},
      {"limits", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           auto sz = [&](size_t* out, int64_t min, int64_t max) {
             return [&r, out, min, max](const toml::node& v, const std::string& key) { r.Integer(v, key, min, max, out); };
           };
           ReadTable(r, t, k, {
               {"max_body_bytes", sz(&c->limits.max_body_bytes, 1024, int64_t(1) << 31)},
               {"max_headers", sz(&c->limits.max_headers, 10, 100000)},
               {"max_header_bytes", sz(&c->limits.max_header_bytes, 998, 10 * 1024 * 1024)},
               {"max_mime_depth", sz(&c->limits.max_mime_depth, 1, 100)},
               {"max_html_depth", sz(&c->limits.max_html_depth, 8, 10000)},
               {"max_mime_parts", sz(&c->limits.max_mime_parts, 1, 100000)},
               {"max_decoded_bytes", sz(&c->limits.max_decoded_bytes, 4096, int64_t(1) << 31)},
               {"max_links", sz(&c->limits.max_links, 1, 1000000)},
               {"regex_aborts_per_message", sz(&c->limits.regex_aborts_per_message, 1, 10000)},
               {"max_parallel_scans", sz(&c->limits.max_parallel_scans, 0, 1024)},
               {"regex_match_limit", [&](const toml::node& v, const std::string& key) {
                  r.Integer(v, key, 1000, 100000000, &c->limits.regex_match_limit);
                }},
           });
         });
       }},
      {"scope", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           ReadTable(r, t, k, {
               {"authenticated", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &c->scope.authenticated); }},
               {"local_submission", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &c->scope.local_submission); }},
               {"internal_networks", [&](const toml::node& v, const std::string& key) {
                  const toml::array* a = v.as_array();
                  if (!a) { r.Error(v, key + " must be an array of networks"); return; }
                  c->scope.internal_networks.clear();
                  for (const toml::node& e : *a) {
                    std::string s;
                    if (!r.String(e, key + "[]", &s)) continue;
                    if (auto net = Network::Parse(s)) c->scope.internal_networks.push_back(*net);
                    else r.Error(e, key + ": '" + s + "' is not an address or CIDR network");
                  }
                }},
           });
         });
       }},
      {"actions", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) { ReadThresholds(r, t, k, &c->actions); });
       }},
      {"overrides", [&](const toml::node& n, const std::string& k) {
         const toml::array* a = n.as_array();
         if (!a) { r.Error(n, "'overrides' must be an array of tables ([[overrides]])"); return; }
         for (const toml::node& e : *a) {
           const toml::table* t = e.as_table();
           if (!t) { r.Error(e, "each [[overrides]] entry must be a table"); continue; }
           ThresholdOverride o;
           o.thresholds = c->actions;  // unspecified thresholds inherit [actions]
           bool has_match = false;
           ReadThresholds(r, *t, k, &o.thresholds,
                          {{"match", [&](const toml::node& v, const std::string& key) {
                             if (r.String(v, key, &o.match)) has_match = !o.match.empty();
                           }}});
           if (!has_match) r.Error(e, "[[overrides]] entry needs a non-empty 'match'");
           c->overrides.push_back(std::move(o));
         }
       }},
      {"headers", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           ReadTable(r, t, k, {
               {"enabled", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &c->headers.enabled); }},
               {"on_accept", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &c->headers.on_accept); }},
               {"prefix", [&](const toml::node& v, const std::string& key) {
                  if (!r.String(v, key, &c->headers.prefix)) return;
                  for (char ch : c->headers.prefix) {
                    if (ch <= 32 || ch >= 127 || ch == ':') {
                      r.Error(v, key + " may only hold printable characters other than ':' and space");
                      return;
                    }
                  }
                }},
           });
         });
       }},
      {"rules", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           ReadTable(r, t, k, {
               {"default_dir", [&](const toml::node& v, const std::string& key) { r.String(v, key, &c->rules.default_dir); }},
               {"local_dir", [&](const toml::node& v, const std::string& key) { r.String(v, key, &c->rules.local_dir); }},
               {"prefilter", [&](const toml::node& v, const std::string& key) { r.Bool(v, key, &c->rules.prefilter); }},
               {"prefilter_cache", [&](const toml::node& v, const std::string& key) {
                  if (r.String(v, key, &c->rules.prefilter_cache) && !c->rules.prefilter_cache.empty() &&
                      c->rules.prefilter_cache.front() != '/')
                    r.Error(v, key + " must be an absolute directory path or \"\" (none)");
                }},
           });
         });
       }},
      {"log", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) {
           ReadTable(r, t, k, {
               {"messages", [&](const toml::node& v, const std::string& key) { r.String(v, key, &c->log.messages); }},
               {"operational", [&](const toml::node& v, const std::string& key) {
                  if (r.String(v, key, &c->log.operational) && c->log.operational.empty())
                    r.Error(v, key + " must be a file path, \"stderr\" or \"syslog\"");
                }},
               {"level", [&](const toml::node& v, const std::string& key) {
                  if (!r.String(v, key, &c->log.level)) return;
                  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
                  for (const char* l : kLevels) if (c->log.level == l) return;
                  r.Error(v, key + " must be one of trace, debug, info, warn, error");
                }},
               {"syslog_facility", [&](const toml::node& v, const std::string& key) {
                  if (!r.String(v, key, &c->log.syslog_facility)) return;
                  static const char* kFacilities[] = {"mail", "daemon", "user", "local0", "local1", "local2",
                                                      "local3", "local4", "local5", "local6", "local7"};
                  for (const char* f : kFacilities) if (c->log.syslog_facility == f) return;
                  r.Error(v, key + " must be mail, daemon, user or local0..local7");
                }},
           });
         });
       }},
      {"doctor", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) { ReadDoctorSettings(r, t, k, &c->doctor); });
       }},
      {"dkim", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) { c->dkim = std::shared_ptr<const toml::table>(root_owner, &t); });
       }},
      {"guard", [&](const toml::node& n, const std::string& k) {
         section(n, k, [&](const toml::table& t) { c->guard = std::shared_ptr<const toml::table>(root_owner, &t); });
       }},
  };
  ReadTable(r, root, "", top);
}

}  // namespace

std::string ConfigError::ToString() const {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + message;
  return file + ": " + message;
}

std::string ValidateSocketSpec(std::string_view spec) {
  auto colon = spec.find(':');
  if (colon == std::string_view::npos) return "expected inet:PORT@HOST, inet6:PORT@HOST or unix:/path";
  std::string_view kind = spec.substr(0, colon), rest = spec.substr(colon + 1);
  if (kind == "unix" || kind == "local") {
    if (rest.empty() || rest.front() != '/') return "a unix socket needs an absolute path";
    return "";
  }
  if (kind != "inet" && kind != "inet6") return "unknown socket type '" + std::string(kind) + "'";
  auto at = rest.find('@');
  std::string_view port = rest.substr(0, at);
  int p = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
    return "port must be a number from 1 to 65535";
  if (at != std::string_view::npos && rest.substr(at + 1).empty()) return "missing host after '@'";
  return "";
}

std::vector<ConfigError> ParseConfig(std::string_view text, const std::string& source, Config* config) {
  std::vector<ConfigError> errors;
  *config = Config{};
  config->source = source;
  config->scope.internal_networks = {*Network::Parse("127.0.0.0/8"), *Network::Parse("::1/128")};
  auto root = std::make_shared<toml::table>();
  try {
    *root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    errors.push_back({source, static_cast<int>(e.source().begin.line), std::string(e.description())});
    return errors;
  }
  Reader reader(source, [&errors, &source](int line, const std::string& message) {
    errors.push_back({source, line, message});
  });
  ReadConfigTables(reader, *root, root, config);
  // Thresholds must rise in the order tag < hold < reject when set.
  auto check_order = [&](const Thresholds& t, const std::string& where) {
    double prev = 0;
    const char* prev_name = nullptr;
    for (auto [name, value] : {std::pair{"tag", t.tag}, {"hold", t.hold}, {"reject", t.reject}}) {
      if (value <= 0) continue;
      if (prev_name && value <= prev)
        errors.push_back({source, 0, where + ": " + name + " (" + std::to_string(value) + ") must be above " +
                                          prev_name + " (" + std::to_string(prev) + ")"});
      prev = value;
      prev_name = name;
    }
  };
  check_order(config->actions, "[actions]");
  for (const auto& o : config->overrides) check_order(o.thresholds, "[[overrides]] " + o.match);
  return errors;
}

std::vector<ConfigError> LoadConfig(const std::string& path, Config* config) {
  if (path.empty()) return ParseConfig(EmbeddedConfig(), "(embedded conf/ohm.toml)", config);
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{path, 0, "cannot read configuration file"}};
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path, config);
}

}  // namespace ohm
