#include "dkim/key_material.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include "dkim_test_support.h"

using namespace ohm;

namespace {

KeyLoadOptions Options(unsigned min_rsa_bits = 2048) {
  KeyLoadOptions o;
  o.allowed_owners = {0, geteuid()};
  o.min_rsa_bits = min_rsa_bits;
  return o;
}

}  // namespace

TEST_CASE("a key readable by group or others is refused with the file named and the fix") {
  TempDir dir;
  std::string path = MakeKeyFile(dir, "k.key", DkimAlgorithm::kEd25519Sha256);
  CHECK(CheckKeyFileSafety(path, {0, geteuid()}) == "");
  for (mode_t mode : {0640, 0604, 0620, 0644}) {
    REQUIRE(chmod(path.c_str(), mode) == 0);
    std::string why = CheckKeyFileSafety(path, {0, geteuid()});
    CAPTURE(mode);
    CHECK(why.find(path) != std::string::npos);
    CHECK(why.find("group or others") != std::string::npos);
    CHECK(why.find("chmod 600 " + path) != std::string::npos);
  }
  SigningKey key;
  std::string error;
  CHECK_FALSE(LoadSigningKey(KeyEntry("k", "example.com", "s", path), Options(), &key, &error));
  CHECK(error.find("chmod 600") != std::string::npos);
}

TEST_CASE("a key owned by someone other than root or the daemon's user is refused") {
  TempDir dir;
  std::string path = MakeKeyFile(dir, "k.key", DkimAlgorithm::kEd25519Sha256);
  uid_t other = geteuid() == 4242 ? 4243 : 4242;
  std::string why = CheckKeyFileSafety(path, {other});
  CHECK(why.find(path) != std::string::npos);
  CHECK(why.find("owned by uid " + std::to_string(geteuid())) != std::string::npos);
  CHECK(why.find("chown " + std::to_string(other) + " " + path) != std::string::npos);
}

TEST_CASE("a symbolic link or a missing file is refused") {
  TempDir dir;
  std::string path = MakeKeyFile(dir, "k.key", DkimAlgorithm::kEd25519Sha256);
  std::string link = dir.File("link.key");
  REQUIRE(symlink(path.c_str(), link.c_str()) == 0);
  CHECK(CheckKeyFileSafety(link, {0, geteuid()}).find("not a regular file") != std::string::npos);
  CHECK(CheckKeyFileSafety(dir.File("missing.key"), {0, geteuid()}).find("missing.key") != std::string::npos);
}

TEST_CASE("the loaded key's algorithm must match the key table") {
  TempDir dir;
  std::string rsa = MakeKeyFile(dir, "rsa.key", DkimAlgorithm::kRsaSha256);
  std::string ed = MakeKeyFile(dir, "ed.key", DkimAlgorithm::kEd25519Sha256);
  SigningKey key;
  std::string error;
  REQUIRE(LoadSigningKey(KeyEntry("r", "example.com", "s1", rsa), Options(), &key, &error));
  CHECK(key.algorithm == DkimAlgorithm::kRsaSha256);
  CHECK(key.bits == 2048);
  CHECK(key.DnsRecord().rfind("v=DKIM1; k=rsa; p=MIIBIjAN", 0) == 0);
  CHECK(key.DnsName() == "s1._domainkey.example.com");
  REQUIRE(LoadSigningKey(KeyEntry("e", "example.com", "s2", ed), Options(), &key, &error));
  CHECK(key.algorithm == DkimAlgorithm::kEd25519Sha256);
  CHECK(key.public_b64.size() == 44);  // 32 raw bytes (RFC 8463 section 4)
  CHECK(key.DnsRecord().rfind("v=DKIM1; k=ed25519; p=", 0) == 0);

  CHECK_FALSE(LoadSigningKey(KeyEntry("x", "example.com", "s", rsa, DkimAlgorithm::kEd25519Sha256), Options(), &key, &error));
  CHECK(error.find("the key table says ed25519-sha256 but the file holds a key for rsa-sha256") != std::string::npos);
}

TEST_CASE("RSA keys under min_rsa_bits are refused; 1024 only when allowed explicitly") {
  TempDir dir;
  std::string weak = MakeKeyFile(dir, "weak.key", DkimAlgorithm::kRsaSha256, 1024);
  SigningKey key;
  std::string error;
  CHECK_FALSE(LoadSigningKey(KeyEntry("w", "example.com", "s", weak), Options(2048), &key, &error));
  CHECK(error.find("1024 bits is below dkim.min_rsa_bits (2048)") != std::string::npos);
  CHECK(LoadSigningKey(KeyEntry("w", "example.com", "s", weak), Options(1024), &key, &error));
}

TEST_CASE("a file that is not a private key is refused") {
  TempDir dir;
  WriteFile(dir.File("junk.key"), "not a key\n");
  SigningKey key;
  std::string error;
  CHECK_FALSE(LoadSigningKey(KeyEntry("j", "example.com", "s", dir.File("junk.key")), Options(), &key, &error));
  CHECK(error.find("not a PEM private key") != std::string::npos);
}

TEST_CASE("TXT records are split into strings of at most 255 bytes") {
  std::string record(600, 'a');
  std::string zone = ZoneFileTxt(record);
  CHECK(zone == "(\"" + std::string(255, 'a') + "\" \"" + std::string(255, 'a') + "\" \"" + std::string(90, 'a') + "\")");
  CHECK(ZoneFileTxt("v=DKIM1") == "(\"v=DKIM1\")");
}
