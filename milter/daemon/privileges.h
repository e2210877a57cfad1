// Giving up root after the socket is bound: ohm never processes mail as root.
#ifndef OHM_DAEMON_PRIVILEGES_H_
#define OHM_DAEMON_PRIVILEGES_H_

#include <sys/types.h>

#include <string>

namespace ohm {

struct UserIds {
  uid_t uid = 0;
  gid_t gid = 0;
};

// Looks up `user`; returns false and sets *error when it does not exist.
bool LookupUser(const std::string& user, UserIds* ids, std::string* error);

// When running as root: switches to `user` (supplementary groups, gid, uid)
// and verifies that root cannot be regained. Refuses (returns false) when
// `user` is empty or is root itself. When not root: does nothing and returns true.
bool DropPrivileges(const std::string& user, std::string* error);

}  // namespace ohm

#endif  // OHM_DAEMON_PRIVILEGES_H_
