#include "dkim/dkim_signer.h"

#include <cstring>
#include <map>

// dkim.h is C and uses C99's _Bool, which C++ spells bool.
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include "core/raw_message.h"
#include "dkim/signing_table.h"
#include "parse/address.h"

namespace ohm {

namespace {

// libopendkim wants NULL-terminated arrays of C strings.
std::vector<const char*> CStrings(const std::vector<std::string>& names) {
  std::vector<const char*> out;
  for (const auto& n : names) out.push_back(n.c_str());
  out.push_back(nullptr);
  return out;
}

// Header values from the MTA fold with bare LF; DKIM canonicalizes CRLF lines.
std::string WithCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string Status(DKIM* d, DKIM_STAT st) {
  const char* detail = d ? dkim_geterror(d) : nullptr;
  std::string s = dkim_getresultstr(st) ? dkim_getresultstr(st) : ("status " + std::to_string(st));
  if (detail && *detail) s += ": " + std::string(detail);
  return s;
}

}  // namespace

MessageSigner::~MessageSigner() {
  for (auto& h : handles_) dkim_free(h.dkim);
}

void MessageSigner::Header(std::string_view name, std::string_view value) {
  if (!error_.empty() || headers_ended_) return;
  std::string field(name);
  field += ':';
  field += WithCrlf(value);
  for (auto& h : handles_) {
    DKIM_STAT st = dkim_header(h.dkim, reinterpret_cast<u_char*>(field.data()), field.size());
    if (st != DKIM_STAT_OK && error_.empty()) error_ = "header " + std::string(name) + ": " + Status(h.dkim, st);
  }
}

void MessageSigner::EndOfHeaders() {
  if (headers_ended_) return;
  headers_ended_ = true;
  if (!error_.empty()) return;
  for (auto& h : handles_) {
    DKIM_STAT st = dkim_eoh(h.dkim);
    if (st != DKIM_STAT_OK && error_.empty()) error_ = "end of headers: " + Status(h.dkim, st);
  }
}

void MessageSigner::Body(std::string_view chunk) {
  if (!error_.empty() || chunk.empty()) return;
  for (auto& h : handles_) {
    DKIM_STAT st = dkim_body(h.dkim, reinterpret_cast<u_char*>(const_cast<char*>(chunk.data())), chunk.size());
    if (st != DKIM_STAT_OK && error_.empty()) error_ = "body: " + Status(h.dkim, st);
  }
}

bool MessageSigner::Finish(std::vector<MadeSignature>* signatures, std::string* error) {
  if (!headers_ended_) EndOfHeaders();
  signatures->clear();
  for (auto& h : handles_) {
    if (!error_.empty()) break;
    DKIM_STAT st = dkim_eom(h.dkim, nullptr);
    if (st != DKIM_STAT_OK) { error_ = "end of message: " + Status(h.dkim, st); break; }
    u_char* buf = nullptr;
    size_t len = 0;
    st = dkim_getsighdr_d(h.dkim, std::strlen(DKIM_SIGNHEADER) + 2, &buf, &len);
    if (st != DKIM_STAT_OK) { error_ = "signature: " + Status(h.dkim, st); break; }
    signatures->push_back({h.key, std::string(reinterpret_cast<char*>(buf), len)});
  }
  if (!error_.empty()) {
    signatures->clear();
    *error = error_;
    return false;
  }
  return true;
}

std::shared_ptr<const DkimSigner> DkimSigner::Build(const DkimSettings& settings, const KeyLoadOptions& key_options,
                                                    std::vector<std::string>* errors) {
  std::shared_ptr<DkimSigner> s(new DkimSigner());
  s->settings_ = settings;
  size_t before = errors->size();
  s->keys_.reserve(settings.keys.size());
  for (const DkimKeyEntry& e : settings.keys) {
    SigningKey key;
    std::string error;
    if (LoadSigningKey(e, key_options, &key, &error)) s->keys_.push_back(std::move(key));
    else errors->push_back(error);
  }
  if (settings.enabled && settings.signing.empty() && errors->size() == before)
    errors->push_back("dkim.enabled is true but the signing table ([[dkim.signing]]) is empty");
  // Dual signing is one signature per algorithm; two keys of one algorithm for
  // one sender is almost always a mistake in the table.
  for (const DkimSigningEntry& entry : settings.signing) {
    std::map<DkimAlgorithm, int> per_algorithm;
    for (const auto& name : entry.keys)
      for (const auto& k : s->keys_)
        if (k.entry.name == name && ++per_algorithm[k.algorithm] == 2)
          errors->push_back(entry.origin + ": signing entry '" + entry.pattern + "' has two " +
                            DkimAlgorithmName(k.algorithm) + " keys; use one RSA and one Ed25519 key");
  }
  if (errors->size() != before) return nullptr;

  s->lib_ = dkim_init(nullptr, nullptr);
  if (!s->lib_) {
    errors->push_back("libopendkim: dkim_init failed");
    return nullptr;
  }
  unsigned int flags = DKIM_LIBFLAGS_FIXCRLF;
  dkim_options(s->lib_, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof flags);
  s->sign_header_names_ = settings.headers;
  s->oversign_names_ = settings.oversign;
  auto sign = CStrings(s->sign_header_names_);
  auto over = CStrings(s->oversign_names_);
  if (dkim_options(s->lib_, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, sign.data(), sizeof(char**)) != DKIM_STAT_OK ||
      dkim_options(s->lib_, DKIM_OP_SETOPT, DKIM_OPTS_OVERSIGNHDRS, over.data(), sizeof(char**)) != DKIM_STAT_OK) {
    errors->push_back("libopendkim: the signed header lists were refused");
    return nullptr;
  }
  return s;
}

DkimSigner::~DkimSigner() {
  if (lib_) dkim_close(lib_);
}

void DkimSigner::SetFixedTimeForTest(uint64_t seconds) const {
  dkim_options(lib_, DKIM_OP_SETOPT, DKIM_OPTS_FIXEDTIME, &seconds, sizeof seconds);
}

SigningPlan DkimSigner::Plan(const std::string& envelope_from, const std::string* from_header) const {
  SigningPlan plan;
  std::string from_address;
  if (from_header) {
    FromField from = ParseFromField(*from_header);
    if (!from.addresses.empty()) from_address = from.addresses.front();
  }
  plan.from_domain = DomainOf(from_address);
  plan.sender = settings_.sign_by == SignBy::kEnvelopeFrom ? envelope_from : from_address;
  for (char& c : plan.sender) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!settings_.enabled) {
    plan.why_not = "DKIM signing is off";
    return plan;
  }
  if (DomainOf(plan.sender).empty()) {
    plan.why_not = settings_.sign_by == SignBy::kEnvelopeFrom ? "no envelope sender address" : "no From address";
    return plan;
  }
  for (const DkimSigningEntry& entry : settings_.signing) {
    if (!SigningPatternMatches(entry.pattern, plan.sender)) continue;
    for (const auto& name : entry.keys)
      for (const auto& k : keys_)
        if (k.entry.name == name) plan.keys.push_back(&k);
    break;
  }
  if (plan.keys.empty()) {
    plan.why_not = "no key for " + DomainOf(plan.sender);
    plan.aligned = false;
    return plan;
  }
  plan.aligned = false;
  for (const SigningKey* k : plan.keys) plan.aligned |= DomainsAligned(k->entry.domain, plan.from_domain);
  return plan;
}

std::unique_ptr<MessageSigner> DkimSigner::Start(const SigningPlan& plan, const std::string& id,
                                                 std::string* error) const {
  if (!plan.sign()) {
    *error = plan.why_not;
    return nullptr;
  }
  std::unique_ptr<MessageSigner> m(new MessageSigner());
  std::string name = id.empty() ? "ohm" : id;
  dkim_canon_t hc = settings_.header_relaxed ? DKIM_CANON_RELAXED : DKIM_CANON_SIMPLE;
  dkim_canon_t bc = settings_.body_relaxed ? DKIM_CANON_RELAXED : DKIM_CANON_SIMPLE;
  for (const SigningKey* k : plan.keys) {
    DKIM_STAT st = DKIM_STAT_OK;
    dkim_alg_t alg = k->algorithm == DkimAlgorithm::kEd25519Sha256 ? DKIM_SIGN_ED25519SHA256 : DKIM_SIGN_RSASHA256;
    DKIM* d = dkim_sign(lib_, reinterpret_cast<const u_char*>(name.c_str()), nullptr,
                        reinterpret_cast<dkim_sigkey_t>(const_cast<char*>(k->private_pem.c_str())),
                        reinterpret_cast<const u_char*>(k->entry.selector.c_str()),
                        reinterpret_cast<const u_char*>(k->entry.domain.c_str()), hc, bc, alg, -1, &st);
    if (!d) {
      *error = "key " + k->entry.name + ": dkim_sign: " + Status(nullptr, st);
      return nullptr;
    }
    // libopendkim hashes an Ed25519 signature field folded differently from the
    // one it then returns (b= is joined to the h= line while still empty), which
    // breaks "simple" header canonicalization. Unfolded, both are the same line.
    if (!settings_.header_relaxed && alg == DKIM_SIGN_ED25519SHA256) dkim_set_margin(d, 0);
    m->handles_.push_back({k, d});
  }
  return m;
}

std::string DescribeSignatures(const std::vector<MadeSignature>& signatures) {
  std::string out;
  for (const auto& s : signatures) {
    if (!out.empty()) out += ", ";
    out += s.key->entry.domain + " " + s.key->entry.selector + " " + DkimAlgorithmName(s.key->algorithm);
  }
  return out;
}

}  // namespace ohm
