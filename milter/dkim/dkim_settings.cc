#include "dkim/dkim_settings.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/ascii.h"
#include "core/raw_message.h"
#include "config/toml_reader.h"
#include "dkim/opendkim_tables.h"

namespace ohm {

namespace {

// Reads typed values out of toml nodes, collecting "file:line: message" errors.
using DkimReader = TomlReader;
using Handler = TomlReader::KeyHandler;

void Dispatch(DkimReader& r, const toml::table& t, const std::string& section,
              const std::map<std::string, Handler>& handlers) {
  r.ReadTable(t, section, handlers);
}

bool ValidHeaderName(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name) if (c <= 32 || c >= 127 || c == ':') return false;
  return true;
}

void ReadKeys(DkimReader& r, const toml::node& n, const std::string& key, DkimSettings* s) {
  const toml::array* a = n.as_array();
  if (!a) { r.Error(n, key + " must be an array of tables ([[dkim.keys]])"); return; }
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (!t) { r.Error(e, "each [[dkim.keys]] entry must be a table"); continue; }
    DkimKeyEntry k;
    k.origin = r.Where(e);
    std::string algorithm = "auto";
    Dispatch(r, *t, key, {
        {"name", [&](const toml::node& v, const std::string& kk) { r.String(v, kk, &k.name); }},
        {"domain", [&](const toml::node& v, const std::string& kk) { if (r.String(v, kk, &k.domain)) k.domain = AsciiLowered(k.domain); }},
        {"selector", [&](const toml::node& v, const std::string& kk) { r.String(v, kk, &k.selector); }},
        {"key_file", [&](const toml::node& v, const std::string& kk) { r.String(v, kk, &k.key_file); }},
        {"algorithm", [&](const toml::node& v, const std::string& kk) {
           if (!r.String(v, kk, &algorithm)) return;
           if (algorithm == "rsa-sha256" || algorithm == "rsa") k.algorithm = DkimAlgorithm::kRsaSha256;
           else if (algorithm == "ed25519-sha256" || algorithm == "ed25519") k.algorithm = DkimAlgorithm::kEd25519Sha256;
           else if (algorithm != "auto") r.Error(v, kk + " must be rsa-sha256, ed25519-sha256 or auto");
         }},
    });
    if (k.name.empty()) k.name = k.selector + "._domainkey." + k.domain;
    if (k.domain.empty() || k.selector.empty() || k.key_file.empty())
      r.Error(e, "[[dkim.keys]] entry needs domain, selector and key_file");
    s->keys.push_back(std::move(k));
  }
}

void ReadSigning(DkimReader& r, const toml::node& n, const std::string& key, DkimSettings* s) {
  const toml::array* a = n.as_array();
  if (!a) { r.Error(n, key + " must be an array of tables ([[dkim.signing]])"); return; }
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (!t) { r.Error(e, "each [[dkim.signing]] entry must be a table"); continue; }
    DkimSigningEntry entry;
    entry.origin = r.Where(e);
    Dispatch(r, *t, key, {
        {"match", [&](const toml::node& v, const std::string& kk) { if (r.String(v, kk, &entry.pattern)) entry.pattern = AsciiLowered(entry.pattern); }},
        {"keys", [&](const toml::node& v, const std::string& kk) { r.Strings(v, kk, &entry.keys); }},
    });
    if (entry.pattern.empty() || entry.keys.empty())
      r.Error(e, "[[dkim.signing]] entry needs a non-empty 'match' and 'keys'");
    s->signing.push_back(std::move(entry));
  }
}

}  // namespace

std::string DkimAlgorithmName(DkimAlgorithm algorithm) {
  switch (algorithm) {
    case DkimAlgorithm::kRsaSha256: return "rsa-sha256";
    case DkimAlgorithm::kEd25519Sha256: return "ed25519-sha256";
    case DkimAlgorithm::kAuto: break;
  }
  return "auto";
}

std::vector<std::string> DefaultSignedHeaders() {
  return {"From", "Reply-To", "Subject", "Date", "To", "Cc", "Message-ID", "In-Reply-To", "References",
          "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
          "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe",
          "List-Post", "List-Owner", "List-Archive", "Sender", "Feedback-ID"};
}

std::vector<std::string> DefaultOversignedHeaders() { return {"From", "Subject", "Date", "To"}; }

bool ParseDkimSettings(const toml::table* table, const std::string& source, DkimSettings* s,
                       std::vector<std::string>* errors) {
  size_t errors_before = errors->size();
  *s = DkimSettings{};
  s->headers = DefaultSignedHeaders();
  s->oversign = DefaultOversignedHeaders();
  if (!table) return true;
  DkimReader r(source, TomlReader::LinesInto(source, errors));
  Dispatch(r, *table, "dkim", {
      {"enabled", [&](const toml::node& v, const std::string& k) { r.Bool(v, k, &s->enabled); }},
      {"sign_by", [&](const toml::node& v, const std::string& k) {
         std::string by;
         if (!r.String(v, k, &by)) return;
         if (by == "header_from") s->sign_by = SignBy::kHeaderFrom;
         else if (by == "envelope_from") s->sign_by = SignBy::kEnvelopeFrom;
         else r.Error(v, k + " must be \"header_from\" or \"envelope_from\"");
       }},
      {"engine", [&](const toml::node& v, const std::string& k) {
         std::string engine;
         if (!r.String(v, k, &engine)) return;
         if (engine == "openssl") s->engine = DkimEngine::kOpenssl;
         else if (engine == "libopendkim") s->engine = DkimEngine::kLibopendkim;
         else r.Error(v, k + " must be \"openssl\" or \"libopendkim\"");
       }},
      {"canonicalization", [&](const toml::node& v, const std::string& k) {
         std::string c;
         if (!r.String(v, k, &c)) return;
         auto slash = c.find('/');
         std::string h = c.substr(0, slash), b = slash == std::string::npos ? "simple" : c.substr(slash + 1);
         bool ok = (h == "relaxed" || h == "simple") && (b == "relaxed" || b == "simple");
         if (!ok) { r.Error(v, k + " must be HEADER/BODY with each relaxed or simple, e.g. \"relaxed/relaxed\""); return; }
         s->header_relaxed = h == "relaxed";
         s->body_relaxed = b == "relaxed";
       }},
      {"headers", [&](const toml::node& v, const std::string& k) {
         if (!r.Strings(v, k, &s->headers)) return;
         bool has_from = false;
         for (const auto& h : s->headers) {
           if (!ValidHeaderName(h)) r.Error(v, k + ": '" + h + "' is not a header field name");
           has_from |= EqualsIgnoreCase(h, "From");
         }
         if (!has_from) r.Error(v, k + " must include From (RFC 6376 5.4)");
       }},
      {"oversign", [&](const toml::node& v, const std::string& k) {
         if (!r.Strings(v, k, &s->oversign)) return;
         for (const auto& h : s->oversign) if (!ValidHeaderName(h)) r.Error(v, k + ": '" + h + "' is not a header field name");
       }},
      {"min_rsa_bits", [&](const toml::node& v, const std::string& k) {
         if (!v.is_integer() || *v.value<int64_t>() < 1024 || *v.value<int64_t>() > 8192) {
           r.Error(v, k + " must be an integer from 1024 to 8192");
           return;
         }
         s->min_rsa_bits = static_cast<unsigned>(*v.value<int64_t>());
       }},
      {"require_safe_keys", [&](const toml::node& v, const std::string& k) { r.Bool(v, k, &s->require_safe_keys); }},
      {"self_check", [&](const toml::node& v, const std::string& k) { r.Bool(v, k, &s->self_check); }},
      {"on_self_check_failure", [&](const toml::node& v, const std::string& k) {
         std::string how;
         if (!r.String(v, k, &how)) return;
         if (how == "pass_unsigned") s->on_self_check_failure = SelfCheckFailure::kPassUnsigned;
         else if (how == "tempfail") s->on_self_check_failure = SelfCheckFailure::kTempfail;
         else r.Error(v, k + " must be \"pass_unsigned\" or \"tempfail\"");
       }},
      {"no_key_score", [&](const toml::node& v, const std::string& k) {
         if (!v.is_number() || *v.value<double>() < 0 || *v.value<double>() > 1000) {
           r.Error(v, k + " must be a number from 0 to 1000");
           return;
         }
         s->no_key_score = *v.value<double>();
       }},
      {"opendkim_key_table", [&](const toml::node& v, const std::string& k) { r.String(v, k, &s->opendkim_key_table); }},
      {"opendkim_signing_table", [&](const toml::node& v, const std::string& k) { r.String(v, k, &s->opendkim_signing_table); }},
      {"keys", [&](const toml::node& v, const std::string& k) { ReadKeys(r, v, k, s); }},
      {"signing", [&](const toml::node& v, const std::string& k) { ReadSigning(r, v, k, s); }},
  });
  // RFC 8058: a one-click unsubscribe only counts when both fields are signed.
  for (const char* must : {"List-Unsubscribe", "List-Unsubscribe-Post"}) {
    bool present = std::any_of(s->headers.begin(), s->headers.end(),
                               [&](const std::string& h) { return EqualsIgnoreCase(h, must); });
    if (!present) s->headers.push_back(must);
  }
  if (s->opendkim_key_table.empty() != s->opendkim_signing_table.empty()) {
    errors->push_back(source + ": dkim.opendkim_key_table and dkim.opendkim_signing_table must be given together");
  } else if (!s->opendkim_key_table.empty()) {
    ImportOpenDkimTables(s->opendkim_key_table, s->opendkim_signing_table, s, errors);
  }
  // Every key name must be unique and every signing entry must name known keys.
  std::map<std::string, const DkimKeyEntry*> by_name;
  for (const auto& k : s->keys) {
    if (!by_name.emplace(k.name, &k).second) errors->push_back(k.origin + ": key name '" + k.name + "' used twice");
  }
  for (const auto& e : s->signing) {
    for (const auto& name : e.keys)
      if (!by_name.count(name)) errors->push_back(e.origin + ": signing entry '" + e.pattern + "' names unknown key '" + name + "'");
  }
  return errors->size() == errors_before;
}

}  // namespace ohm
