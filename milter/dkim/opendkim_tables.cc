#include "dkim/opendkim_tables.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/ascii.h"

namespace ohm {

namespace {

// Splits text into lines, dropping comments ("#" to end of line) and blank
// lines; calls fn(line_number, fields) with the white-space separated fields.
template <typename Fn>
void ForEachRow(std::string_view text, Fn fn) {
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields_in(line);
    std::vector<std::string> fields;
    for (std::string f; fields_in >> f;) fields.push_back(f);
    if (!fields.empty()) fn(number, fields);
  }
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace

std::vector<DkimKeyEntry> ParseOpenDkimKeyTable(std::string_view text, const std::string& source,
                                                std::vector<std::string>* errors) {
  std::vector<DkimKeyEntry> keys;
  ForEachRow(text, [&](int line, const std::vector<std::string>& f) {
    std::string where = source + ":" + std::to_string(line);
    // name domain:selector:keypath (the key path itself may hold ':' only after the second one)
    auto first = f.size() == 2 ? f[1].find(':') : std::string::npos;
    auto second = first == std::string::npos ? first : f[1].find(':', first + 1);
    if (second == std::string::npos) {
      errors->push_back(where + ": expected 'NAME DOMAIN:SELECTOR:KEYFILE'");
      return;
    }
    DkimKeyEntry k;
    k.name = f[0];
    k.domain = AsciiLowered(f[1].substr(0, first));
    k.selector = f[1].substr(first + 1, second - first - 1);
    k.key_file = f[1].substr(second + 1);
    k.origin = where;
    if (k.domain.empty() || k.selector.empty() || k.key_file.empty()) {
      errors->push_back(where + ": expected 'NAME DOMAIN:SELECTOR:KEYFILE'");
      return;
    }
    if (k.key_file.front() != '/') {
      errors->push_back(where + ": key '" + k.name + "': only key files given by absolute path are supported, not inline key data");
      return;
    }
    keys.push_back(std::move(k));
  });
  return keys;
}

std::vector<DkimSigningEntry> ParseOpenDkimSigningTable(std::string_view text, const std::string& source,
                                                        std::vector<std::string>* errors) {
  std::vector<DkimSigningEntry> entries;
  ForEachRow(text, [&](int line, const std::vector<std::string>& f) {
    std::string where = source + ":" + std::to_string(line);
    if (f.size() != 2) {
      errors->push_back(where + ": expected 'PATTERN KEYNAME'");
      return;
    }
    std::string pattern = AsciiLowered(f[0]);
    if (!entries.empty() && entries.back().pattern == pattern) {
      entries.back().keys.push_back(f[1]);
      return;
    }
    entries.push_back({pattern, {f[1]}, where});
  });
  return entries;
}

void ImportOpenDkimTables(const std::string& key_table_path, const std::string& signing_table_path,
                          DkimSettings* settings, std::vector<std::string>* errors) {
  std::string key_text, signing_text;
  if (!ReadFile(key_table_path, &key_text)) {
    errors->push_back(key_table_path + ": cannot read OpenDKIM KeyTable");
    return;
  }
  if (!ReadFile(signing_table_path, &signing_text)) {
    errors->push_back(signing_table_path + ": cannot read OpenDKIM SigningTable");
    return;
  }
  for (auto& k : ParseOpenDkimKeyTable(key_text, key_table_path, errors)) settings->keys.push_back(std::move(k));
  for (auto& e : ParseOpenDkimSigningTable(signing_text, signing_table_path, errors))
    settings->signing.push_back(std::move(e));
}

}  // namespace ohm
