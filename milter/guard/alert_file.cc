#include "guard/alert_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

namespace ohm {

namespace {

std::string Rfc3339(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  tm parts;
  gmtime_r(&tt, &parts);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buf;
}

}  // namespace

std::string AlertLine(const BreakerState& trip, const std::string& host) {
  nlohmann::json j = {
      {"time", Rfc3339(trip.since)},
      {"event", "breaker_tripped"},
      {"host", host},
      {"sender", trip.sender},
      {"reason", trip.reason},
      {"message_ids", trip.message_ids},
      {"until", trip.until == 0 ? std::string("released by hand") : Rfc3339(trip.until)},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool AppendAlertLine(const std::string& path, const std::string& line, std::string* error) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    *error = "cannot open alert file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::string data = line + "\n";
  ssize_t n = write(fd, data.data(), data.size());
  int saved = errno;
  close(fd);
  if (n != static_cast<ssize_t>(data.size())) {
    *error = "cannot write alert file " + path + ": " + (n < 0 ? std::strerror(saved) : "short write");
    return false;
  }
  return true;
}

}  // namespace ohm
