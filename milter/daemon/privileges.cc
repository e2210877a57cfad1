#include "daemon/privileges.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace ohm {

bool LookupUser(const std::string& user, UserIds* ids, std::string* error) {
  std::vector<char> buf(16384);
  passwd pw;
  passwd* result = nullptr;
  int rc = getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &result);
  if (rc != 0 || !result) {
    *error = "user '" + user + "' does not exist (create it, e.g. useradd --system " + user +
             ", or set milter.user)";
    return false;
  }
  ids->uid = pw.pw_uid;
  ids->gid = pw.pw_gid;
  return true;
}

bool DropPrivileges(const std::string& user, std::string* error) {
  if (geteuid() != 0) return true;
  if (user.empty()) {
    *error = "refusing to run as root: set milter.user to an unprivileged user";
    return false;
  }
  UserIds ids;
  if (!LookupUser(user, &ids, error)) return false;
  if (ids.uid == 0) {
    *error = "refusing to run as root: milter.user '" + user + "' has uid 0";
    return false;
  }
  if (initgroups(user.c_str(), ids.gid) != 0 || setgid(ids.gid) != 0 || setuid(ids.uid) != 0) {
    *error = "cannot switch to user '" + user + "': " + std::strerror(errno);
    return false;
  }
  if (setuid(0) == 0 || geteuid() == 0 || getuid() == 0) {
    *error = "still able to regain root after switching to '" + user + "'";
    return false;
  }
  return true;
}

}  // namespace ohm
