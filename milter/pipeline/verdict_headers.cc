#include "pipeline/verdict_headers.h"

namespace ohm {

bool IsVerdictHeader(const HeaderSettings& settings, std::string_view name) {
  return !settings.prefix.empty() && name.size() >= settings.prefix.size() &&
         EqualsIgnoreCase(name.substr(0, settings.prefix.size()), settings.prefix);
}

std::vector<HeaderField> VerdictHeaders(const HeaderSettings& settings, const Thresholds& t, const Verdict& v) {
  std::vector<HeaderField> out;
  if (!settings.enabled) return out;
  if (v.action == Action::kAccept && v.hits.empty() && !settings.on_accept) return out;
  std::string score = FormatScore(v.score);
  std::string limits;
  for (auto [name, value] : {std::pair{"tag", t.tag}, {"hold", t.hold}, {"reject", t.reject}}) {
    if (value <= 0) continue;
    limits += (limits.empty() ? " (" : ", ") + std::string(name) + " at " + FormatScore(value);
  }
  if (!limits.empty()) limits += ")";
  out.push_back({settings.prefix + "Score", score + limits});

  // Fold between rule items so each line stays under 78 characters.
  std::string value(ActionName(v.action));
  size_t line_len = settings.prefix.size() + 9 + value.size();
  bool first = true;
  for (const RuleHit& h : v.hits) {
    std::string item = h.name + "=" + FormatScore(h.score);
    std::string sep = first ? "; " : ", ";
    if (line_len + sep.size() + item.size() > 76) {
      value += (first ? ";" : ",") + std::string("\n\t") + item;
      line_len = 8 + item.size();
    } else {
      value += sep + item;
      line_len += sep.size() + item.size();
    }
    first = false;
  }
  for (const std::string& note : v.notes) {
    // Notes are explanations (limits reached, stages skipped); keep the first ones short.
    std::string n = note.size() > 120 ? note.substr(0, 117) + "..." : note;
    for (char& c : n) if (c == '\r' || c == '\n' || static_cast<unsigned char>(c) >= 0x80) c = ' ';
    value += ";\n\tnote: " + n;
  }
  out.push_back({settings.prefix + "Verdict", value});
  return out;
}

}  // namespace ohm
