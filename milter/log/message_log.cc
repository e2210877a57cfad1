#include "log/message_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>

namespace ohm {

int SyslogFacility(const std::string& name) {
  static const std::pair<const char*, int> kFacilities[] = {
      {"mail", LOG_MAIL},     {"daemon", LOG_DAEMON}, {"user", LOG_USER},     {"local0", LOG_LOCAL0},
      {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4},
      {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
  for (auto [n, f] : kFacilities) {
    if (name == n) return f;
  }
  return LOG_MAIL;
}

std::unique_ptr<MessageLog> MessageLog::Open(const LogSettings& settings,
                                             std::shared_ptr<spdlog::logger> operational, std::string* error) {
  std::unique_ptr<MessageLog> log(new MessageLog());
  log->operational_ = std::move(operational);
  log->target_ = settings.messages;
  if (settings.messages == "stderr") {
    log->fd_ = STDERR_FILENO;
  } else if (settings.messages == "syslog") {
    log->syslog_ = true;
    log->syslog_priority_ = SyslogFacility(settings.syslog_facility) | LOG_INFO;
  } else if (!settings.messages.empty()) {
    log->fd_ = ::open(settings.messages.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (log->fd_ < 0) {
      *error = "cannot open message log " + settings.messages + ": " + std::strerror(errno);
      return nullptr;
    }
  }
  return log;
}

MessageLog::~MessageLog() {
  if (fd_ > STDERR_FILENO) ::close(fd_);
}

bool MessageLog::Reopen() {
  if (fd_ <= STDERR_FILENO) return true;
  int fd = ::open(target_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    if (operational_) operational_->error("cannot reopen message log {}: {}", target_, std::strerror(errno));
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ::close(fd_);
  fd_ = fd;
  return true;
}

void MessageLog::Write(const nlohmann::json& record) {
  std::string line;
  try {
    line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception& e) {
    line = std::string("{\"error\":\"unloggable record\"}");
  }
  WriteLine(line);
}

void MessageLog::WriteLine(const std::string& line) {
  if (syslog_) {
    syslog(syslog_priority_, "%s", line.c_str());
    return;
  }
  if (fd_ < 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  // After a torn write that could not be cut off, end the fragment first, so
  // this record is whole on its own line.
  std::string buf = (torn_ ? "\n" : "") + line + "\n";
  size_t off = 0;
  int err = 0;
  while (off < buf.size()) {
    ssize_t n = ::write(fd_, buf.data() + off, buf.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    off += static_cast<size_t>(n);
  }
  if (err == 0) {
    torn_ = false;
  } else if (off > 0) {
    // A filling disk takes part of a line and refuses the rest: cut the torn
    // fragment off again, so the file holds only whole JSON lines once space
    // returns. Only this process appends (under mu_), so the fragment is the
    // file's tail.
    struct stat st;
    torn_ = !(::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) >= off &&
              ::ftruncate(fd_, st.st_size - static_cast<off_t>(off)) == 0);
  }
  if (err != 0 && !failing_) {
    failing_ = true;
    if (operational_) {
      operational_->error("message log {}: write failed ({}); mail keeps flowing, records are lost until it recovers",
                          target_, std::strerror(err));
    }
  } else if (err == 0 && failing_) {
    failing_ = false;
    if (operational_) operational_->warn("message log {}: writing again", target_);
  }
}

std::shared_ptr<spdlog::logger> MakeOperationalLogger(const LogSettings& settings, std::string* error) {
  spdlog::sink_ptr sink;
  try {
    if (settings.operational == "stderr") {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else if (settings.operational == "syslog") {
      sink = std::make_shared<spdlog::sinks::syslog_sink_mt>("ohm-milter", LOG_PID,
                                                             SyslogFacility(settings.syslog_facility), false);
    } else {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(settings.operational, false);
    }
  } catch (const std::exception& e) {
    *error = "cannot open operational log " + settings.operational + ": " + e.what();
    return nullptr;
  }
  auto logger = std::make_shared<spdlog::logger>("ohm", sink);
  logger->set_level(spdlog::level::from_str(settings.level));
  logger->set_pattern(settings.operational == "syslog" ? "%l: %v" : "%Y-%m-%dT%H:%M:%S.%e %l: %v");
  logger->flush_on(spdlog::level::trace);
  return logger;
}

}  // namespace ohm
