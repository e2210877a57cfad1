#include "doctor/doctor_report.h"

#include <algorithm>

#include "doctor/dkim_record.h"
#include "doctor/dmarc_record.h"
#include "doctor/dnsbl.h"
#include "doctor/dns_names.h"
#include "doctor/reverse_dns.h"
#include "doctor/spf_evaluator.h"

namespace ohm::doctor {

namespace {

void Append(std::vector<Finding>* to, std::vector<Finding> from) {
  for (Finding& f : from) to->push_back(std::move(f));
}

}  // namespace

std::vector<Finding> CheckSpf(DnsClient& dns, const std::string& domain, const std::vector<std::string>& ips,
                              const std::string& helo) {
  std::vector<Finding> out;
  SpfEvaluation first;
  for (size_t i = 0; i < ips.size(); ++i) {
    SpfEvaluation e = EvaluateSpf(dns, SpfQuery{domain, ips[i], "", helo});
    if (i == 0) first = e;
    Finding f;
    f.check = "spf";
    f.subject = ips[i];
    f.details = {{"result", SpfResultName(e.result)}, {"record", e.record},   {"matched", e.matched},
                 {"dns_lookups", e.dns_lookups},      {"void_lookups", e.void_lookups}, {"problem", e.problem}};
    std::string result = SpfResultName(e.result);
    std::string suggested = TxtRecordLine(domain, SuggestSpfRecord(e.record, ips));
    if (e.result == SpfResult::kNone) {
      f.severity = Severity::kFail;
      f.summary = e.record_count == 0 ? "no SPF record at " + domain : "none: " + e.problem;
      f.why = "Without SPF receivers cannot tell your server from a forger, and Gmail and Yahoo junk or reject unauthenticated mail.";
      f.fix = suggested;
    } else if (e.record_count > 1) {
      f.severity = Severity::kFail;
      f.summary = "permerror: " + domain + " publishes " + std::to_string(e.record_count) + " SPF records";
      f.why = "With more than one v=spf1 record every receiver's result is permerror, as if SPF were broken.";
      f.fix = suggested + "   (replace all of them with this one)";
    } else if (e.result == SpfResult::kPermError) {
      f.severity = Severity::kFail;
      f.summary = "permerror: " + e.problem;
      f.why = e.problem.find("lookups") != std::string::npos
                  ? "Receivers stop after 10 DNS lookups (or 2 empty ones) and treat the record as broken; replace include: chains with ip4:/ip6: terms."
                  : "Receivers treat a broken SPF record as permerror, which DMARC counts as a failure.";
      f.fix = suggested;
    } else if (e.result == SpfResult::kTempError) {
      f.severity = Severity::kFail;
      f.summary = "temperror: " + e.problem;
      f.why = "Receivers that cannot complete the SPF look-ups defer the mail or treat it as unauthenticated.";
    } else if (e.result != SpfResult::kPass) {
      f.severity = Severity::kFail;
      f.summary = ips[i] + " is not authorised: " + result + (e.matched.empty() ? "" : " (matched " + e.matched + ")");
      f.why = "Mail from an address the SPF record does not list fails SPF, and DMARC then depends on DKIM alone.";
      f.fix = suggested;
    } else {
      bool only_via_all = LowercaseName(e.matched) == "all" || LowercaseName(e.matched) == "+all";
      f.summary = std::string(only_via_all ? "pass only because the record ends in +all" : "pass") + " (matched " +
                  e.matched + ", " + std::to_string(e.dns_lookups) + " of 10 lookups)";
    }
    out.push_back(f);
  }
  if (first.record_count == 1) {
    Finding f;
    f.check = "spf_all";
    f.subject = domain;
    f.details = {{"qualifier", first.all_qualifier ? std::string(1, first.all_qualifier) : ""}};
    f.summary = DescribeAllQualifier(first.all_qualifier);
    if (first.all_qualifier == '+') {
      f.severity = Severity::kFail;
      f.why = "With +all the record passes every sender, so forged mail passes SPF and receivers distrust the domain.";
    } else if (first.all_qualifier == '?' || first.all_qualifier == 0) {
      f.severity = Severity::kWarn;
      f.why = "A neutral ending gives receivers no instruction about unlisted senders, so spoofed mail is not penalised.";
    }
    if (f.severity != Severity::kPass) f.fix = TxtRecordLine(domain, SuggestSpfRecord(first.record, ips));
    out.push_back(f);
  }
  return out;
}

std::vector<Finding> CheckMx(DnsClient& dns, const std::string& domain) {
  Finding f;
  f.check = "mx";
  f.subject = domain;
  DnsAnswer mx = dns.Query(domain, DnsType::kMx);
  if (mx.is_error()) {
    f.severity = Severity::kFail;
    f.summary = "DNS error: " + mx.error;
    f.why = "Receivers check that the sender domain can receive mail; an unanswered look-up looks like a forged domain.";
  } else if (mx.ok() && mx.records.size() == 1 && (mx.records[0] == "." || mx.records[0].empty())) {
    f.severity = Severity::kWarn;
    f.summary = domain + " publishes a null MX (RFC 7505): it accepts no mail";
    f.why = "A sending domain that refuses all mail cannot receive bounces or complaints, and some receivers reject its mail.";
    f.fix = RecordLine(domain, "MX", "10 mail." + domain + ".");
  } else if (!mx.ok()) {
    f.severity = Severity::kFail;
    f.summary = "no MX record for " + domain;
    f.why = "Bounces and complaints to the sending domain must be deliverable, and many receivers reject mail from domains without MX.";
    f.fix = RecordLine(domain, "MX", "10 mail." + domain + ".");
  } else {
    f.summary = "MX " + mx.records[0] + (mx.records.size() > 1 ? " and " + std::to_string(mx.records.size() - 1) + " more" : "");
    f.details["mx"] = mx.records;
  }
  return {f};
}

namespace {

// Whether DMARC would pass for mail from the domain, given the SPF and DKIM
// findings: ohm's mail uses the domain as MAIL FROM, From and DKIM d=, so
// each mechanism aligns exactly when it passes.
// With several keys (dual signing) one verifying signature is enough for DMARC.
Finding AlignmentFinding(const std::vector<Finding>& findings, const std::string& domain, bool spf_checked,
                         bool dkim_checked) {
  bool spf_pass = false, spf_seen = false, dkim_pass = false;
  for (const Finding& f : findings) {
    if (f.check == "spf") {
      spf_pass = spf_seen ? spf_pass && f.severity == Severity::kPass : f.severity == Severity::kPass;
      spf_seen = true;
    }
    if (f.check == "dkim") dkim_pass = dkim_pass || f.severity != Severity::kFail;
  }
  Finding f;
  f.check = "dmarc_alignment";
  f.subject = domain;
  f.details = {{"spf_aligned", spf_checked ? nlohmann::json(spf_pass) : nlohmann::json()},
               {"dkim_aligned", dkim_checked ? nlohmann::json(dkim_pass) : nlohmann::json()}};
  std::string spf_text = spf_checked ? (spf_pass ? "SPF for " + domain + " aligns" : "SPF fails") : "SPF not checked";
  std::string dkim_text = dkim_checked ? (dkim_pass ? "DKIM d=" + domain + " aligns" : "DKIM fails") : "DKIM not checked";
  f.summary = spf_text + ", " + dkim_text;
  // DMARC fails when every mechanism that was checked fails; what was not
  // checked can neither rescue nor condemn it.
  if ((spf_checked || dkim_checked) && !(spf_checked && spf_pass) && !(dkim_checked && dkim_pass)) {
    f.severity = Severity::kFail;
    f.why = "DMARC passes only when SPF or DKIM passes for the From domain; with neither, receivers apply the p= policy to your own mail (fix the SPF and DKIM findings above).";
  }
  return f;
}

}  // namespace

DoctorReport RunDoctor(DnsClient& dns, const DoctorOptions& given) {
  // "example.com." and "example.com" are the same domain; the checks build
  // names by appending, so they get the form without the root dot.
  DoctorOptions options = given;
  for (std::string* name : {&options.domain, &options.helo})
    while (!name->empty() && name->back() == '.') name->pop_back();
  DoctorReport report;
  report.domain = options.domain;
  report.ips = options.ips;
  bool spf_checked = !options.ips.empty();
  bool dkim_checked = !options.dkim_keys.empty();
  if (spf_checked) Append(&report.findings, CheckSpf(dns, options.domain, options.ips, options.helo));
  else report.skipped.push_back("spf, reverse_dns: no server address given");
  if (!dkim_checked) report.skipped.push_back(options.no_dkim_reason);
  for (const DkimKeyToCheck& key : options.dkim_keys) Append(&report.findings, CheckDkim(dns, options.domain, key));
  Append(&report.findings, CheckDmarc(dns, options.domain));
  report.findings.push_back(AlignmentFinding(report.findings, options.domain, spf_checked, dkim_checked));
  for (const std::string& ip : options.ips) Append(&report.findings, CheckReverseDns(dns, ip, options.helo, options.domain));
  Append(&report.findings, CheckMx(dns, options.domain));
  for (const std::string& zone : options.dnsbl_zones)
    for (const std::string& ip : options.ips) report.findings.push_back(CheckDnsbl(dns, ip, zone));
  return report;
}

Severity DoctorReport::Worst() const {
  Severity worst = Severity::kPass;
  for (const Finding& f : findings) worst = std::max(worst, f.severity);
  return worst;
}

int DoctorReport::ExitCode() const {
  switch (Worst()) {
    case Severity::kPass: return 0;
    case Severity::kWarn: return 1;
    case Severity::kFail: return 2;
  }
  return 2;
}

nlohmann::json DoctorReport::ToJson() const {
  nlohmann::json j = {{"domain", domain}, {"ips", ips}, {"result", SeverityName(Worst())}, {"exit_code", ExitCode()}};
  j["findings"] = nlohmann::json::array();
  for (const Finding& f : findings) {
    j["findings"].push_back({{"check", f.check}, {"subject", f.subject}, {"status", SeverityName(f.severity)},
                             {"summary", f.summary}, {"why", f.why}, {"fix", f.fix}, {"details", f.details}});
  }
  j["skipped"] = skipped;
  return j;
}

std::string DoctorReport::ToText() const {
  std::string out = "ohm doctor: " + domain + "\n\n";
  int warnings = 0, failures = 0;
  for (const Finding& f : findings) {
    std::string status = f.severity == Severity::kPass ? "PASS" : f.severity == Severity::kWarn ? "WARN" : "FAIL";
    warnings += f.severity == Severity::kWarn;
    failures += f.severity == Severity::kFail;
    std::string label = f.check + " " + f.subject;
    if (label.size() < 34) label.resize(34, ' ');
    out += "  " + status + "  " + label + " " + f.summary + "\n";
    if (!f.why.empty() && f.severity != Severity::kPass) out += "        why: " + f.why + "\n";
    if (!f.fix.empty() && f.severity != Severity::kPass) out += "        fix: " + f.fix + "\n";
  }
  for (const std::string& s : skipped) out += "  SKIP  " + s + "\n";
  out += "\n" + std::to_string(failures) + (failures == 1 ? " failure, " : " failures, ") + std::to_string(warnings) +
         (warnings == 1 ? " warning" : " warnings") + "\n";
  return out;
}

}  // namespace ohm::doctor
