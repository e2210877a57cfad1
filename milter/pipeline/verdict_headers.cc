#include "pipeline/verdict_headers.h"

#include "core/ascii.h"

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

  // Fold between rule items and between the words of notes, so that each line
  // stays within 78 characters (RFC 5322 2.1.1) counting the tab as one.
  std::string value(ActionName(v.action));
  size_t line_len = settings.prefix.size() + 9 + value.size();
  auto append = [&](std::string_view sep, const std::string& item) {
    if (line_len + sep.size() + item.size() > 76) {
      // The separator's punctuation stays on the line; its space becomes the fold.
      std::string_view punct = sep.substr(0, sep.find(' '));
      value.append(punct).append("\n\t").append(item);
      line_len = 1 + item.size();
    } else {
      value.append(sep).append(item);
      line_len += sep.size() + item.size();
    }
  };
  bool first = true;
  for (const RuleHit& h : v.hits) {
    append(first ? "; " : ", ", h.name + "=" + FormatScore(h.score));
    first = false;
  }
  for (const std::string& note : v.notes) {
    // Notes are explanations (limits reached, stages skipped); keep them short.
    std::string n = note.size() > 120 ? note.substr(0, 117) + "..." : note;
    for (char& c : n) if (c == '\r' || c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x80) c = ' ';
    append("; ", "note:");
    std::string_view sep = " ";
    size_t pos = 0;
    while (pos < n.size()) {
      size_t end = n.find(' ', pos);
      if (end == std::string::npos) end = n.size();
      if (end > pos) {
        append(sep, n.substr(pos, end - pos));
      }
      pos = end + 1;
    }
  }
  out.push_back({settings.prefix + "Verdict", value});
  return out;
}

}  // namespace ohm
