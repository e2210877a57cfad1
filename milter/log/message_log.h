// The per-message log: one JSON object per line, to a file, stderr or syslog.
// A write failure (disk full, file removed) never blocks mail: it is reported
// once on the operational log, and logging resumes by itself when writes work again.
#ifndef OHM_LOG_MESSAGE_LOG_H_
#define OHM_LOG_MESSAGE_LOG_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "config/config.h"

namespace ohm {

class MessageLog {
 public:
  // Opens the target named by settings.messages: a file path (opened for
  // append, created 0640), "stderr", "syslog" or "" (records are dropped).
  // Returns nullptr and sets *error when a file cannot be opened.
  static std::unique_ptr<MessageLog> Open(const LogSettings& settings,
                                          std::shared_ptr<spdlog::logger> operational, std::string* error);
  ~MessageLog();

  // Writes one record as a single line. Thread-safe; never throws.
  void Write(const nlohmann::json& record);

  // Reopens a file target (after log rotation). Returns false and keeps
  // writing to the old descriptor when the file cannot be opened.
  bool Reopen();

  const std::string& target() const { return target_; }

 private:
  MessageLog() = default;
  void WriteLine(const std::string& line);

  std::string target_;
  int fd_ = -1;
  bool syslog_ = false;
  int syslog_priority_ = 0;
  std::mutex mu_;
  bool failing_ = false;  // guarded by mu_
  bool torn_ = false;     // guarded by mu_: the file ends in a fragment of a line
  std::shared_ptr<spdlog::logger> operational_;
};

// Builds the operational (plain text) logger for settings.operational: a file
// path, "stderr" or "syslog", at settings.level. Returns nullptr and sets
// *error when a file cannot be opened.
std::shared_ptr<spdlog::logger> MakeOperationalLogger(const LogSettings& settings, std::string* error);

// Maps a syslog facility name ("mail", "local0", ...) to its LOG_* value.
int SyslogFacility(const std::string& name);

}  // namespace ohm

#endif  // OHM_LOG_MESSAGE_LOG_H_
