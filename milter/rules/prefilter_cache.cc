#include "rules/prefilter_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <utility>
#include <vector>

#include "parse/little_endian.h"

namespace ohm {

namespace {

constexpr std::string_view kMagic = "OHMPFC01";  // file format; a new one gets a new name
constexpr size_t kLengthBytes = 8;
constexpr size_t kDigestBytes = 32;
constexpr size_t kOverhead = kMagic.size() + kDigestBytes + kLengthBytes + kDigestBytes;
constexpr std::string_view kPrefix = "prefilter-";
constexpr std::string_view kSuffix = ".hsdb";
constexpr std::string_view kTemporary = ".tmp.";
// A temporary file this old was left by a write that never finished.
constexpr time_t kAbandonedSeconds = 3600;

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

// "" when a file or directory with this status may have been written only by
// `user` (named `whose` in the reason) or root.
std::string OwnershipProblem(const struct stat& st, uid_t user, std::string_view whose) {
  if (st.st_uid != user && st.st_uid != 0) {
    return "owned by uid " + std::to_string(st.st_uid) + ", neither " + std::string(whose) + " (uid " +
           std::to_string(user) + ") nor root";
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) return "writable by group or others";
  return "";
}

// "" when `dir`, whose status is `st`, is a directory that only `user` or
// root could have written, else why not (naming `dir`).
std::string DirectoryTrustProblem(const std::string& dir, const struct stat& st, uid_t user, std::string_view whose) {
  if (!S_ISDIR(st.st_mode)) return dir + ": not a directory";
  if (std::string why = OwnershipProblem(st, user, whose); !why.empty()) return dir + ": " + why;
  return "";
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool ReadAll(int fd, size_t size, std::string* out) {
  out->resize(size);
  size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, out->data() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Reads the open file whole into *file; "" when it was read and may be
// trusted (see the header), else why not.
std::string ReadTrustedFile(int fd, std::string* file) {
  struct stat st;
  if (fstat(fd, &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  if (std::string why = OwnershipProblem(st, geteuid(), "this process's user"); !why.empty()) return why;
  if (static_cast<unsigned long long>(st.st_size) > PrefilterCache::kMaxFileBytes)
    return "larger than " + std::to_string(PrefilterCache::kMaxFileBytes) + " bytes";
  if (static_cast<size_t>(st.st_size) < kOverhead) return "truncated";
  if (!ReadAll(fd, static_cast<size_t>(st.st_size), file)) return "cannot read it whole";
  return "";
}

}  // namespace

PrefilterCache::PrefilterCache(std::string dir) : dir_(std::move(dir)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

PrefilterCache::Key PrefilterCache::KeyOf(std::string_view material) {
  Key key{};
  unsigned int length = 0;
  EVP_Digest(material.data(), material.size(), key.data(), &length, EVP_sha256(), nullptr);
  return key;
}

std::string PrefilterCache::PathOf(const Key& key) const {
  return dir_ + "/" + std::string(kPrefix) + Hex(key.data(), key.size()) + std::string(kSuffix);
}

void PrefilterCache::Refuse(std::string why) const {
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_.refused;
  problem_ = std::move(why);
}

std::string PrefilterCache::DirectoryProblem(bool for_writing) const {
  struct stat st;
  if (stat(dir_.c_str(), &st) != 0) return dir_ + ": " + std::strerror(errno);
  if (std::string why = DirectoryTrustProblem(dir_, st, geteuid(), "this process's user"); !why.empty()) return why;
  if (for_writing && faccessat(AT_FDCWD, dir_.c_str(), W_OK | X_OK, AT_EACCESS) != 0)
    return dir_ + ": not writable by this process (" + std::strerror(errno) + ")";
  return "";
}

std::optional<std::string> PrefilterCache::Load(const Key& key) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_.lookups;
  }
  if (std::string why = DirectoryProblem(false); !why.empty()) {
    Refuse(std::move(why));
    return std::nullopt;
  }
  std::string path = PathOf(key);
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      std::lock_guard<std::mutex> lock(mu_);
      ++counts_.missed;
    } else {
      Refuse(path + ": " + (errno == ELOOP ? std::string("a symbolic link") : std::strerror(errno)));
    }
    return std::nullopt;
  }
  std::string file;
  std::string why = ReadTrustedFile(fd, &file);
  if (why.empty()) {
    std::string_view v = file;
    uint64_t length = Le64(v, kMagic.size() + kDigestBytes);
    Key sum = KeyOf(v.substr(0, v.size() - kDigestBytes));
    if (v.substr(0, kMagic.size()) != kMagic) {
      why = "not a prefilter cache file of this version";
    } else if (std::memcmp(v.data() + kMagic.size(), key.data(), kDigestBytes) != 0) {
      why = "holds another key";
    } else if (length != v.size() - kOverhead) {
      why = "truncated";
    } else if (std::memcmp(v.data() + v.size() - kDigestBytes, sum.data(), kDigestBytes) != 0) {
      why = "checksum does not match its content";
    }
  }
  if (!why.empty()) {
    close(fd);
    Refuse(path + ": " + why);
    return std::nullopt;
  }
  // Marks it recently used for Prune; only its owner may, which is fine: a
  // file root wrote is replaced by this user's own on the next store.
  futimens(fd, nullptr);
  close(fd);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_.loaded;
  }
  return file.substr(kMagic.size() + kDigestBytes + kLengthBytes, file.size() - kOverhead);
}

bool PrefilterCache::Store(const Key& key, std::string_view payload) const {
  if (std::string why = DirectoryProblem(true); !why.empty()) {
    Refuse(std::move(why));
    return false;
  }
  std::string file;
  file.reserve(payload.size() + kOverhead);
  file.append(kMagic);
  file.append(reinterpret_cast<const char*>(key.data()), key.size());
  AppendLe(&file, payload.size(), kLengthBytes);
  file.append(payload);
  Key sum = KeyOf(file);
  file.append(reinterpret_cast<const char*>(sum.data()), sum.size());

  std::string path = PathOf(key);
  std::string temporary = path + std::string(kTemporary) + "XXXXXX";
  int fd = mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) {
    Refuse(dir_ + ": cannot create a file (" + std::strerror(errno) + ")");
    return false;
  }
  bool written = fchmod(fd, 0644) == 0 && WriteAll(fd, file);
  int saved_errno = errno;
  if (close(fd) != 0 && written) {
    written = false;
    saved_errno = errno;
  }
  if (!written || rename(temporary.c_str(), path.c_str()) != 0) {
    if (written) saved_errno = errno;
    unlink(temporary.c_str());
    Refuse(path + ": cannot write it (" + std::strerror(saved_errno) + ")");
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_.stored;
  }
  Prune();
  return true;
}

PrefilterCache::Survey PrefilterCache::SurveyFor(uid_t uid) const {
  Survey survey;
  struct stat st;
  if (stat(dir_.c_str(), &st) != 0) {
    survey.missing = errno == ENOENT;
    survey.problem = dir_ + ": " + std::strerror(errno);
    return survey;
  }
  survey.problem = DirectoryTrustProblem(dir_, st, uid, "the milter's user");
  if (!survey.problem.empty()) return survey;
  // A trusted directory is the user's or root's and writable by no group or
  // other, so only its owner's bits (or being root) let the user write it.
  survey.writable = uid == 0 || (st.st_uid == uid && (st.st_mode & (S_IWUSR | S_IXUSR)) == (S_IWUSR | S_IXUSR));
  DIR* d = opendir(dir_.c_str());
  if (d == nullptr) {
    survey.problem = dir_ + ": cannot list it (" + std::strerror(errno) + ")";
    return survey;
  }
  while (struct dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) continue;  // temporaries end otherwise
    struct stat file;
    if (fstatat(dirfd(d), e->d_name, &file, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(file.st_mode)) continue;
    ++survey.entries;
    survey.bytes += static_cast<uint64_t>(file.st_size);
  }
  closedir(d);
  return survey;
}

void PrefilterCache::Prune() const {
  DIR* d = opendir(dir_.c_str());
  if (d == nullptr) return;
  std::vector<std::pair<struct timespec, std::string>> entries;
  time_t now = time(nullptr);
  while (struct dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    if (!name.starts_with(kPrefix)) continue;
    std::string path = dir_ + "/" + std::string(name);
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (name.find(kTemporary) != std::string_view::npos) {
      if (now - st.st_mtime > kAbandonedSeconds) unlink(path.c_str());
    } else if (name.ends_with(kSuffix)) {
      entries.emplace_back(st.st_mtim, std::move(path));
    }
  }
  closedir(d);
  if (entries.size() <= kMaxEntries) return;
  auto older = [](const auto& a, const auto& b) {
    return a.first.tv_sec != b.first.tv_sec ? a.first.tv_sec < b.first.tv_sec : a.first.tv_nsec < b.first.tv_nsec;
  };
  std::sort(entries.begin(), entries.end(), older);
  for (size_t i = 0; i + kMaxEntries < entries.size(); ++i) unlink(entries[i].second.c_str());
}

std::string PrefilterCache::Summary() const {
  Counts c = counts();
  return std::to_string(c.loaded) + " of " + std::to_string(c.lookups) + " passes loaded from " + dir_ + ", " +
         std::to_string(c.stored) + " compiled and stored";
}

PrefilterCache::Counts PrefilterCache::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

std::string PrefilterCache::problem() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problem_;
}

}  // namespace ohm
