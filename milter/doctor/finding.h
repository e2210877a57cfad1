// One result line of `ohm doctor`: what a check found, and for a warning or a
// failure why it matters and the record that fixes it.
#ifndef OHM_DOCTOR_FINDING_H_
#define OHM_DOCTOR_FINDING_H_

#include <string>

#include <nlohmann/json.hpp>

namespace ohm::doctor {

enum class Severity { kPass, kWarn, kFail };

// "pass", "warn", "fail".
const char* SeverityName(Severity severity);

struct Finding {
  std::string check;     // "spf", "dkim", "dmarc", "reverse_dns", "mx"
  std::string subject;   // what was looked at: a domain, a name or an address
  Severity severity = Severity::kPass;
  std::string summary;   // what was found, one line
  std::string why;       // for warn/fail: why it matters, one sentence
  std::string fix;       // for warn/fail: the record (or setting) to publish, ready to paste; may be ""
  nlohmann::json details = nlohmann::json::object();  // check-specific facts for --json
};

// A zone-file line for a TXT record: `name. 3600 IN TXT "..."`, the text split
// into 255-octet character-strings and '"' and '\' escaped, so it can be pasted
// into a zone file or a provider's form.
std::string TxtRecordLine(const std::string& name, const std::string& text);

// A zone-file line for any other type: `name. 3600 IN TYPE data`.
std::string RecordLine(const std::string& name, const std::string& type, const std::string& data);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_FINDING_H_
