#include "features/header_metrics.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/ascii.h"

namespace ohm {

namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Splits the date into tokens: runs of letters, runs of digits, signs and
// the separators ':' and ','. Comments "(...)" are dropped.
class DateTokens {
 public:
  explicit DateTokens(std::string_view text) {
    int comment_depth = 0;
    size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == '(') { ++comment_depth; ++i; continue; }
      if (c == ')') { if (comment_depth > 0) --comment_depth; ++i; continue; }
      if (comment_depth > 0 || c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++i; continue; }
      size_t start = i;
      if (IsAsciiAlpha(c)) {
        while (i < text.size() && IsAsciiAlpha(text[i])) ++i;
      } else if (IsAsciiDigit(c)) {
        while (i < text.size() && IsAsciiDigit(text[i])) ++i;
      } else {
        ++i;
      }
      tokens_.push_back(std::string(text.substr(start, i - start)));
    }
  }
  bool Done() const { return pos_ >= tokens_.size(); }
  const std::string& Peek() const { static const std::string kEnd; return Done() ? kEnd : tokens_[pos_]; }
  std::string Take() { return Done() ? std::string() : tokens_[pos_++]; }

 private:
  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

bool IsNumber(const std::string& s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> MonthNumber(const std::string& name) {
  static const std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string lower = AsciiLowered(name);
  if (lower.size() < 3) return std::nullopt;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower.compare(0, 3, kMonths[i]) == 0) return static_cast<int>(i + 1);
  }
  return std::nullopt;
}

// Offset east of UTC in minutes for an obsolete zone name (RFC 5322 4.3);
// military letters are defined as "-0000", i.e. unknown, hence 0.
std::optional<int> NamedZoneMinutes(const std::string& name) {
  std::string z = AsciiLowered(name);
  if (z == "ut" || z == "utc" || z == "gmt" || z == "z") return 0;
  if (z == "edt") return -4 * 60;
  if (z == "est" || z == "cdt") return -5 * 60;
  if (z == "cst" || z == "mdt") return -6 * 60;
  if (z == "mst" || z == "pdt") return -7 * 60;
  if (z == "pst") return -8 * 60;
  if (z.size() == 1 && z[0] >= 'a' && z[0] <= 'z' && z[0] != 'j') return 0;
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ParseRfc5322Date(std::string_view text) {
  DateTokens t(text);
  // Optional day of week.
  if (!t.Done() && !IsNumber(t.Peek())) {
    t.Take();
    if (t.Peek() == ",") t.Take();
  }
  std::string day_text = t.Take();
  if (!IsNumber(day_text)) return std::nullopt;
  std::optional<int> month = MonthNumber(t.Take());
  std::string year_text = t.Take();
  if (!month || !IsNumber(year_text)) return std::nullopt;
  int day = std::stoi(day_text);
  int year = std::stoi(year_text);
  if (year_text.size() <= 2) year += year < 50 ? 2000 : 1900;  // RFC 5322 4.3
  else if (year_text.size() == 3) year += 1900;
  std::string hour_text = t.Take();
  if (t.Take() != ":") return std::nullopt;
  std::string minute_text = t.Take();
  if (!IsNumber(hour_text) || !IsNumber(minute_text)) return std::nullopt;
  int hour = std::stoi(hour_text), minute = std::stoi(minute_text), second = 0;
  if (t.Peek() == ":") {
    t.Take();
    std::string second_text = t.Take();
    if (!IsNumber(second_text)) return std::nullopt;
    second = std::stoi(second_text);
  }
  if (day < 1 || day > 31 || year < 1900 || year > 9999 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  int zone_minutes = 0;
  std::string zone = t.Take();
  if (zone == "+" || zone == "-") {
    std::string digits = t.Take();
    if (digits.size() != 4 || !IsNumber(digits)) return std::nullopt;
    int hhmm = std::stoi(digits);
    if (hhmm % 100 > 59) return std::nullopt;
    zone_minutes = (hhmm / 100) * 60 + hhmm % 100;
    if (zone == "-") zone_minutes = -zone_minutes;
  } else if (!zone.empty()) {
    std::optional<int> named = NamedZoneMinutes(zone);
    if (!named) return std::nullopt;
    zone_minutes = *named;
  } else {
    return std::nullopt;  // the zone is required
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(*month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - zone_minutes * 60;
}

std::optional<int64_t> TopReceivedTime(const RawMessage& raw) {
  const std::string* received = raw.Find("Received");
  if (received == nullptr) return std::nullopt;
  size_t semicolon = received->rfind(';');
  if (semicolon == std::string::npos) return std::nullopt;
  return ParseRfc5322Date(std::string_view(*received).substr(semicolon + 1));
}

size_t DuplicateSingleFields(const RawMessage& raw) {
  static constexpr std::array<std::string_view, 14> kSingle = {
      "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID", "In-Reply-To",
      "References", "Subject", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};
  size_t duplicates = 0;
  for (std::string_view name : kSingle) duplicates += raw.Count(name) > 1;
  return duplicates;
}

size_t FieldsWith8BitBytes(const RawMessage& raw) {
  auto has_8bit = [](std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  };
  size_t count = 0;
  for (const HeaderField& field : raw.headers) count += has_8bit(field.name) || has_8bit(field.value);
  return count;
}

size_t LongestLine(const RawMessage& raw) {
  auto longest_in = [](std::string_view text, size_t first_line_extra) {
    size_t longest = 0, start = 0, extra = first_line_extra;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      size_t len = end - start;
      if (len > 0 && text[end - 1] == '\r') --len;
      longest = std::max(longest, len + extra);
      extra = 0;
      start = end + 1;
    }
    return longest;
  };
  size_t longest = longest_in(raw.body, 0);
  for (const HeaderField& field : raw.headers) {
    longest = std::max(longest, longest_in(field.value, field.name.size() + 2));
  }
  return longest;
}

}  // namespace ohm
