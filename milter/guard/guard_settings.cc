#include "guard/guard_settings.h"

#include <algorithm>
#include <functional>
#include <map>

#include "config/toml_reader.h"

namespace ohm {

namespace {

// Reads typed values out of toml nodes, collecting "file:line: message" errors.
using GuardReader = TomlReader;
using Handler = TomlReader::KeyHandler;

void Dispatch(GuardReader& r, const toml::table& t, const std::string& section,
              const std::map<std::string, Handler>& handlers) {
  r.ReadTable(t, section, handlers);
}

// A key class name ("user", "sender", ...) into *out, or an error.
bool ReadClass(GuardReader& r, const toml::node& n, const std::string& key, KeyClass* out) {
  std::string s;
  if (!r.String(n, key, &s)) return false;
  if (auto c = ParseKeyClass(s)) {
    *out = *c;
    return true;
  }
  r.Error(n, key + " must be one of user, sender, domain, client, server");
  return false;
}

constexpr int64_t kMaxWindow = 7 * 86400;  // a week; longer windows are a job for the admin's reports
constexpr int64_t kMaxCount = 1'000'000'000;

void ReadLimits(GuardReader& r, const toml::node& n, GuardSettings* s) {
  const toml::array* a = n.as_array();
  if (!a) { r.Error(n, "guard.limit must be an array of tables ([[guard.limit]])"); return; }
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (!t) { r.Error(e, "each [[guard.limit]] entry must be a table"); continue; }
    RateLimit l;
    bool has_class = false;
    Dispatch(r, *t, "guard.limit", {
        {"class", [&](const toml::node& v, const std::string& k) { has_class = ReadClass(r, v, k, &l.key_class); }},
        {"window", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 1, kMaxWindow, &l.window); }},
        {"messages", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, kMaxCount, &l.messages); }},
        {"recipients", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, kMaxCount, &l.recipients); }},
        {"action", [&](const toml::node& v, const std::string& k) {
           std::string a;
           if (!r.String(v, k, &a)) return;
           if (a == "tempfail") l.action = Action::kTempfail;
           else if (a == "hold") l.action = Action::kHold;
           else r.Error(v, k + " must be \"tempfail\" or \"hold\"");
         }},
    });
    if (!has_class) r.Error(e, "[[guard.limit]] entry needs a 'class' (user, sender, domain, client, server)");
    s->limits.push_back(l);
  }
}

void ReadOverrides(GuardReader& r, const toml::node& n, GuardSettings* s) {
  const toml::array* a = n.as_array();
  if (!a) { r.Error(n, "guard.override must be an array of tables ([[guard.override]])"); return; }
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (!t) { r.Error(e, "each [[guard.override]] entry must be a table"); continue; }
    RateOverride o;
    bool has_class = false;
    Dispatch(r, *t, "guard.override", {
        {"class", [&](const toml::node& v, const std::string& k) { has_class = ReadClass(r, v, k, &o.key_class); }},
        {"key", [&](const toml::node& v, const std::string& k) {
           if (!r.String(v, k, &o.key)) return;
           std::transform(o.key.begin(), o.key.end(), o.key.begin(), [](unsigned char c) { return std::tolower(c); });
         }},
        {"window", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, kMaxWindow, &o.window); }},
        {"messages", [&](const toml::node& v, const std::string& k) {
           int64_t x = 0;
           if (r.Integer(v, k, 0, kMaxCount, &x)) o.messages = x;
         }},
        {"recipients", [&](const toml::node& v, const std::string& k) {
           int64_t x = 0;
           if (r.Integer(v, k, 0, kMaxCount, &x)) o.recipients = x;
         }},
    });
    if (!has_class || o.key.empty()) r.Error(e, "[[guard.override]] entry needs a 'class' and a non-empty 'key'");
    s->overrides.push_back(o);
  }
}

void ReadBreaker(GuardReader& r, const toml::node& n, BreakerSettings* b) {
  const toml::table* t = n.as_table();
  if (!t) { r.Error(n, "guard.breaker must be a table ([guard.breaker])"); return; }
  Dispatch(r, *t, "guard.breaker", {
      {"bad_count", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, 100000, &b->bad_count); }},
      {"bad_window", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 1, kMaxWindow, &b->bad_window); }},
      {"rise_factor", [&](const toml::node& v, const std::string& k) { r.Number(v, k, 0, 100000, &b->rise_factor); }},
      {"rise_min_messages", [&](const toml::node& v, const std::string& k) {
         r.Integer(v, k, 1, kMaxCount, &b->rise_min_messages);
       }},
      {"cool_down", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, 30 * 86400, &b->cool_down); }},
      {"server_score", [&](const toml::node& v, const std::string& k) { r.Number(v, k, 0, 1e6, &b->server_score); }},
      {"server_senders", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 0, 1000000, &b->server_senders); }},
      {"server_window", [&](const toml::node& v, const std::string& k) { r.Integer(v, k, 1, kMaxWindow, &b->server_window); }},
  });
}

void ReadRedis(GuardReader& r, const toml::node& n, RedisSettings* s) {
  const toml::table* t = n.as_table();
  if (!t) { r.Error(n, "guard.redis must be a table ([guard.redis])"); return; }
  Dispatch(r, *t, "guard.redis", {
      {"endpoints", [&](const toml::node& v, const std::string& k) {
         const toml::array* a = v.as_array();
         if (!a || a->empty()) { r.Error(v, k + " must be a non-empty array of \"HOST:PORT\" or \"unix:/path\""); return; }
         s->endpoints.clear();
         for (const toml::node& e : *a) {
           std::string ep;
           if (!r.String(e, k + "[]", &ep)) continue;
           bool unix_path = ep.rfind("unix:/", 0) == 0;
           if (!unix_path && (ep.rfind(':') == std::string::npos || ep.rfind(':') + 1 == ep.size()))
             r.Error(e, k + ": '" + ep + "' is not HOST:PORT or unix:/path");
           s->endpoints.push_back(ep);
         }
       }},
      {"connect_timeout_ms", [&](const toml::node& v, const std::string& k) {
         r.Integer(v, k, 10, 10000, &s->connect_timeout_ms);
       }},
      {"command_timeout_ms", [&](const toml::node& v, const std::string& k) {
         r.Integer(v, k, 10, 10000, &s->command_timeout_ms);
       }},
      {"prefix", [&](const toml::node& v, const std::string& k) { r.String(v, k, &s->prefix); }},
      {"password", [&](const toml::node& v, const std::string& k) { r.String(v, k, &s->password); }},
  });
}

}  // namespace

std::string_view KeyClassName(KeyClass key_class) {
  switch (key_class) {
    case KeyClass::kUser: return "user";
    case KeyClass::kSender: return "sender";
    case KeyClass::kDomain: return "domain";
    case KeyClass::kClient: return "client";
    case KeyClass::kServer: return "server";
  }
  return "sender";
}

std::optional<KeyClass> ParseKeyClass(std::string_view name) {
  for (KeyClass c : {KeyClass::kUser, KeyClass::kSender, KeyClass::kDomain, KeyClass::kClient, KeyClass::kServer})
    if (KeyClassName(c) == name) return c;
  return std::nullopt;
}

bool ParseGuardSettings(const toml::table* table, const std::string& source, GuardSettings* s,
                        std::vector<std::string>* errors) {
  *s = GuardSettings{};
  if (!table) return true;
  size_t before = errors->size();
  GuardReader r(source, TomlReader::LinesInto(source, errors));
  Dispatch(r, *table, "guard", {
      {"enabled", [&](const toml::node& v, const std::string& k) { r.Bool(v, k, &s->enabled); }},
      {"store", [&](const toml::node& v, const std::string& k) {
         if (r.String(v, k, &s->store) && s->store != "sqlite" && s->store != "redis")
           r.Error(v, k + " must be \"sqlite\" or \"redis\"");
       }},
      {"state_path", [&](const toml::node& v, const std::string& k) {
         if (r.String(v, k, &s->state_path) && (s->state_path.empty() || s->state_path.front() != '/'))
           r.Error(v, k + " must be an absolute file path");
       }},
      {"alert_file", [&](const toml::node& v, const std::string& k) {
         if (r.String(v, k, &s->alert_file) && !s->alert_file.empty() && s->alert_file.front() != '/')
           r.Error(v, k + " must be an absolute file path or \"\"");
       }},
      {"on_store_error", [&](const toml::node& v, const std::string& k) {
         std::string a;
         if (!r.String(v, k, &a)) return;
         if (a == "accept") s->on_store_error = Action::kAccept;
         else if (a == "tempfail") s->on_store_error = Action::kTempfail;
         else r.Error(v, k + " must be \"accept\" (fail open) or \"tempfail\" (fail closed)");
       }},
      {"limit", [&](const toml::node& v, const std::string&) { ReadLimits(r, v, s); }},
      {"override", [&](const toml::node& v, const std::string&) { ReadOverrides(r, v, s); }},
      {"breaker", [&](const toml::node& v, const std::string&) { ReadBreaker(r, v, &s->breaker); }},
      {"redis", [&](const toml::node& v, const std::string&) { ReadRedis(r, v, &s->redis); }},
  });
  return errors->size() == before;
}

}  // namespace ohm
