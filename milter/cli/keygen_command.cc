#include "cli/keygen_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "cli/cli_context.h"
#include "dkim/key_material.h"

namespace ohm {

namespace {

constexpr int kExitCantCreate = 73;  // EX_CANTCREAT

struct KeygenOptions {
  std::string domain;
  std::string selector;
  std::string algorithm = "rsa";
  unsigned bits = 2048;
  bool allow_weak = false;
  std::string out_dir = ".";
};

// A DNS label sequence: letters, digits, '-', '_' and dots between labels.
bool ValidDnsName(const std::string& name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  return name.find("..") == std::string::npos;
}

int RunKeygen(const KeygenOptions& o) {
  if (!ValidDnsName(o.domain) || !ValidDnsName(o.selector)) {
    std::fprintf(stderr, "ohm keygen: --domain and --selector must be DNS names\n");
    return kExitUsage;
  }
  DkimAlgorithm algorithm;
  if (o.algorithm == "rsa" || o.algorithm == "rsa-sha256") algorithm = DkimAlgorithm::kRsaSha256;
  else if (o.algorithm == "ed25519" || o.algorithm == "ed25519-sha256") algorithm = DkimAlgorithm::kEd25519Sha256;
  else {
    std::fprintf(stderr, "ohm keygen: --algorithm must be rsa or ed25519\n");
    return kExitUsage;
  }
  if (algorithm == DkimAlgorithm::kRsaSha256 && (o.bits < 1024 || o.bits > 8192 || (o.bits < 2048 && !o.allow_weak))) {
    std::fprintf(stderr, "ohm keygen: --bits must be 2048 to 8192 (1024 only with --allow-weak)\n");
    return kExitUsage;
  }
  std::string error;
  std::string pem = GeneratePrivateKeyPem(algorithm, o.bits, &error);
  if (pem.empty()) {
    std::fprintf(stderr, "ohm keygen: %s\n", error.c_str());
    return kExitCantCreate;
  }
  std::string path = o.out_dir + "/" + o.domain + "." + o.selector + ".key";
  // O_EXCL: never overwrite a key that may be published and in use.
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0) {
    std::fprintf(stderr, "ohm keygen: cannot create %s: %s\n", path.c_str(), std::strerror(errno));
    return kExitCantCreate;
  }
  bool written = write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
  written = (fchmod(fd, 0600) == 0) && written;
  if (close(fd) != 0 || !written) {
    std::fprintf(stderr, "ohm keygen: cannot write %s\n", path.c_str());
    unlink(path.c_str());
    return kExitCantCreate;
  }
  char resolved[PATH_MAX];
  std::string abs_path = realpath(path.c_str(), resolved) ? resolved : path;

  SigningKey key;
  key.entry.domain = o.domain;
  key.entry.selector = o.selector;
  unsigned bits = 0;
  if (!DescribePrivateKey(pem, &key.algorithm, &bits, &key.public_b64, &error)) {
    std::fprintf(stderr, "ohm keygen: %s\n", error.c_str());
    return kExitCantCreate;
  }
  std::printf("; private key written to %s (mode 0600)\n", abs_path.c_str());
  std::printf("; publish this DNS TXT record:\n");
  std::printf("%s. IN TXT %s\n\n", key.DnsName().c_str(), ZoneFileTxt(key.DnsRecord()).c_str());
  std::printf("# add to the [dkim] configuration:\n");
  std::printf("[[dkim.keys]]\nname = \"%s-%s\"\ndomain = \"%s\"\nselector = \"%s\"\nkey_file = \"%s\"\nalgorithm = \"%s\"\n",
              o.domain.c_str(), o.selector.c_str(), o.domain.c_str(), o.selector.c_str(), abs_path.c_str(),
              DkimAlgorithmName(key.algorithm).c_str());
  return 0;
}

}  // namespace

void AddKeygenCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<KeygenOptions>();
  CLI::App* cmd = app.add_subcommand("keygen", "Generate a DKIM key: writes DIR/DOMAIN.SELECTOR.key (mode 0600), "
                                               "prints the DNS TXT record and the key table entry");
  cmd->add_option("--domain", opts->domain, "Signing domain (d=)")->required();
  cmd->add_option("--selector", opts->selector, "Selector (s=)")->required();
  cmd->add_option("--algorithm", opts->algorithm, "rsa (default) or ed25519");
  cmd->add_option("--bits", opts->bits, "RSA key size (default 2048)");
  cmd->add_flag("--allow-weak", opts->allow_weak, "Allow a 1024-bit RSA key");
  cmd->add_option("--out", opts->out_dir, "Directory for the key file (default: the current directory)");
  cmd->callback([opts, exit_code] { *exit_code = RunKeygen(*opts); });
}

}  // namespace ohm
