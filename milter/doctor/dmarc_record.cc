#include "doctor/dmarc_record.h"

#include "doctor/dns_names.h"
#include "doctor/tag_list.h"

namespace ohm::doctor {

namespace {

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string::npos) comma = value.size();
    std::string item = TrimTagSpace(value.substr(pos, comma - pos));
    if (!item.empty()) out.push_back(item);
    pos = comma + 1;
  }
  return out;
}

bool IsPolicy(const std::string& p) { return p == "none" || p == "quarantine" || p == "reject"; }

// The record to suggest: the published one's reports and alignment kept, with
// `policy` and a rua= for the domain when none is published.
std::string SuggestDmarc(const DmarcRecord& current, const std::string& policy, const std::string& domain) {
  std::string record = "v=DMARC1; p=" + policy;
  std::string rua;
  for (const std::string& r : current.rua) rua += (rua.empty() ? "" : ",") + r;
  record += "; rua=" + (rua.empty() ? "mailto:dmarc-reports@" + domain : rua);
  if (current.adkim == "s") record += "; adkim=s";
  if (current.aspf == "s") record += "; aspf=s";
  return record;
}

}  // namespace

std::string ParseDmarcRecord(const std::string& text, DmarcRecord* out) {
  *out = DmarcRecord{};
  std::vector<Tag> tags;
  if (std::string error = ParseTagList(text, &tags); !error.empty()) return error;
  bool first = true, have_policy = false;
  for (const Tag& t : tags) {
    std::string name = LowercaseName(t.name);
    const std::string& value = t.value;
    std::string lower = LowercaseName(value);
    if (first) {
      if (name != "v" || value != "DMARC1") return "the record must start with v=DMARC1";
      first = false;
      continue;
    }
    if (name == "p" || name == "sp") {
      if (!IsPolicy(lower)) return name + "=" + value + " is not none, quarantine or reject";
      (name == "p" ? out->policy : out->subdomain_policy) = lower;
      have_policy |= name == "p";
    } else if (name == "rua" || name == "ruf") {
      (name == "rua" ? out->rua : out->ruf) = SplitList(value);
    } else if (name == "pct") {
      if (value.empty() || value.size() > 3 || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(value) > 100)
        return "pct=" + value + " is not a number from 0 to 100";
      out->percent = std::stoi(value);
    } else if (name == "adkim" || name == "aspf") {
      if (lower != "r" && lower != "s") return name + "=" + value + " is not r or s";
      (name == "adkim" ? out->adkim : out->aspf) = lower;
    }
  }
  if (first) return "the record is empty";
  if (!have_policy) return "the record has no p= policy";
  return "";
}

std::vector<Finding> CheckDmarc(DnsClient& dns, const std::string& domain) {
  std::string name = "_dmarc." + domain;
  const std::string own_name = name;  // where a fix for this domain alone goes
  Finding f;
  f.check = "dmarc";
  f.subject = name;
  std::vector<std::string> records;
  DnsAnswer txt;
  // Receivers fall back to the organisational domain's record (RFC 7489
  // 6.6.3). Without the public suffix list every parent down to two labels is
  // tried, which finds the same record for ordinary domains.
  std::string owner = domain;
  while (true) {
    txt = dns.Query("_dmarc." + owner, DnsType::kTxt);
    for (const std::string& r : txt.records)
      if (LowercaseName(r.substr(0, 8)) == "v=dmarc1") records.push_back(r);
    size_t dot = owner.find('.');
    if (!records.empty() || txt.is_error() || dot == std::string::npos ||
        owner.find('.', dot + 1) == std::string::npos)
      break;
    owner = owner.substr(dot + 1);
  }
  bool inherited = !records.empty() && owner != domain;
  if (inherited) {
    f.details["inherited_from"] = "_dmarc." + owner;
    name = "_dmarc." + owner;
  }
  DmarcRecord empty;
  if (txt.is_error()) {
    f.severity = Severity::kFail;
    f.summary = "DNS error: " + txt.error;
    f.why = "Without an answer the DMARC policy cannot be checked; receivers that get the same error may defer or treat the domain as unprotected.";
    return {f};
  }
  if (records.empty()) {
    f.severity = Severity::kFail;
    f.summary = "no DMARC record at " + name;
    f.why = "Gmail and Yahoo require a DMARC record from bulk senders, and without one anybody can spoof the From domain with no policy to stop them.";
    f.fix = TxtRecordLine(name, SuggestDmarc(empty, "none", domain));
    return {f};
  }
  f.details["record"] = records[0];
  if (records.size() > 1) {
    f.severity = Severity::kFail;
    f.summary = std::to_string(records.size()) + " DMARC records at " + name;
    f.why = "With more than one record receivers apply no DMARC policy at all (RFC 7489 section 6.6.3).";
    f.fix = TxtRecordLine(name, records[0]) + "   (keep exactly one)";
    return {f};
  }
  DmarcRecord record;
  std::string error = ParseDmarcRecord(records[0], &record);
  if (!error.empty()) {
    f.severity = Severity::kFail;
    f.summary = "DMARC record does not parse: " + error;
    f.why = "Receivers ignore a DMARC record they cannot parse, so the domain has no policy.";
    f.fix = TxtRecordLine(name, SuggestDmarc(empty, "none", domain));
    return {f};
  }
  // A subdomain that inherits the record gets sp= when the record has one.
  if (inherited && !record.subdomain_policy.empty()) record.policy = record.subdomain_policy;
  f.details["policy"] = record.policy;
  f.details["rua"] = record.rua;
  f.details["pct"] = record.percent;
  f.details["adkim"] = record.adkim;
  f.details["aspf"] = record.aspf;
  f.summary = (inherited ? "inherited from " + name + ": " : std::string()) + "p=" + record.policy +
              (record.rua.empty() ? ", no rua" : ", reports to " + record.rua[0]) + (record.percent < 100 ? ", pct=" + std::to_string(record.percent) : "");
  if (record.rua.empty()) {
    f.severity = Severity::kWarn;
    f.why = "Without rua= no receiver sends aggregate reports, so you cannot see who sends as your domain or whether your mail aligns.";
    f.fix = TxtRecordLine(own_name, SuggestDmarc(record, record.policy, domain));
  } else if (record.policy == "none") {
    f.severity = Severity::kWarn;
    f.why = "p=none only monitors: receivers deliver spoofed mail as usual; move to quarantine once the reports show all your mail aligned.";
    f.fix = TxtRecordLine(own_name, SuggestDmarc(record, "quarantine", domain));
  }
  return {f};
}

}  // namespace ohm::doctor
