#include "doctor/finding.h"

namespace ohm::doctor {

namespace {

std::string Absolute(const std::string& name) {
  return !name.empty() && name.back() == '.' ? name : name + ".";
}

}  // namespace

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kPass: return "pass";
    case Severity::kWarn: return "warn";
    case Severity::kFail: return "fail";
  }
  return "?";
}

std::string TxtRecordLine(const std::string& name, const std::string& text) {
  std::string line = Absolute(name) + " 3600 IN TXT";
  // A character-string holds at most 255 octets (RFC 1035 3.3); longer text,
  // such as a 2048-bit DKIM key, is published as several that receivers join.
  size_t pos = 0;
  do {
    std::string chunk = text.substr(pos, 255);
    pos += chunk.size();
    std::string quoted;
    for (char c : chunk) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    line += " \"" + quoted + "\"";
  } while (pos < text.size());
  return line;
}

std::string RecordLine(const std::string& name, const std::string& type, const std::string& data) {
  return Absolute(name) + " 3600 IN " + type + " " + data;
}

}  // namespace ohm::doctor
