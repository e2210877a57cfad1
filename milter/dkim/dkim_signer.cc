#include "dkim/dkim_signer.h"

#include <cstring>
#include <map>

#include <ctime>

#include "core/ascii.h"
#include "core/raw_message.h"
#include "dkim/opendkim_message_signer.h"
#include "dkim/openssl_message_signer.h"
#include "dkim/signing_table.h"
#include "parse/address.h"

namespace ohm {

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

  if (!s->SetUpLibopendkim(errors)) return nullptr;
  return s;
}

bool DkimSigner::SetUpLibopendkim(std::vector<std::string>* errors) {
  if (settings_.engine != DkimEngine::kLibopendkim) return true;
  std::string error;
  lib_ = OpenOpendkimLibrary(settings_, &error);
  if (!lib_) errors->push_back(error);
  return lib_ != nullptr;
}

DkimSigner::~DkimSigner() { CloseOpendkimLibrary(lib_); }

void DkimSigner::SetFixedTimeForTest(uint64_t seconds) const {
  fixed_time_ = seconds;
  if (lib_) SetOpendkimFixedTime(lib_, seconds);
}

std::shared_ptr<const DkimSigner> DkimSigner::WithEngine(DkimEngine engine) const {
  std::shared_ptr<DkimSigner> s(new DkimSigner());
  s->settings_ = settings_;
  s->settings_.engine = engine;
  s->keys_ = keys_;  // the parsed keys are shared, read-only
  std::vector<std::string> errors;
  if (!s->SetUpLibopendkim(&errors)) return nullptr;
  s->SetFixedTimeForTest(fixed_time_);
  return s;
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
  plan.sender = AsciiLowered(plan.sender);
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
  if (settings_.engine == DkimEngine::kLibopendkim) return StartOpendkimSigner(lib_, settings_, plan.keys, id, error);
  uint64_t now = fixed_time_ ? fixed_time_ : static_cast<uint64_t>(std::time(nullptr));
  return StartOpensslSigner(settings_, plan.keys, now);
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
