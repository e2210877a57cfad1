// Migration from OpenDKIM: reads its KeyTable ("name domain:selector:/key/path")
// and SigningTable ("pattern name", wildcards as with refile:) files into ohm's
// key table and signing table.
#ifndef OHM_DKIM_OPENDKIM_TABLES_H_
#define OHM_DKIM_OPENDKIM_TABLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "dkim/dkim_settings.h"

namespace ohm {

// Parses KeyTable text; `source` names it in errors ("file:line: message").
// The algorithm of each key is taken from the key file itself (kAuto).
std::vector<DkimKeyEntry> ParseOpenDkimKeyTable(std::string_view text, const std::string& source,
                                                std::vector<std::string>* errors);

// Parses SigningTable text. Consecutive rows with the same pattern are merged
// into one entry with several keys (OpenDKIM's MultipleSignatures).
std::vector<DkimSigningEntry> ParseOpenDkimSigningTable(std::string_view text, const std::string& source,
                                                        std::vector<std::string>* errors);

// Reads both files and appends their rows to settings->keys and settings->signing.
void ImportOpenDkimTables(const std::string& key_table_path, const std::string& signing_table_path,
                          DkimSettings* settings, std::vector<std::string>* errors);

}  // namespace ohm

#endif  // OHM_DKIM_OPENDKIM_TABLES_H_
