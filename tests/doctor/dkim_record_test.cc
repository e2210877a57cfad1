#include "doctor/dkim_record.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>

#include "fake_dns.h"

namespace ohm::doctor {

namespace {

// Writes a fresh private key as PEM to a temporary file, removed on destruction.
struct TempKey {
  explicit TempKey(const char* type, size_t bits = 0) {
    EVP_PKEY* key = bits ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, bits) : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    char tmpl[] = "/tmp/ohm-doctor-key-XXXXXX";
    int fd = mkstemp(tmpl);
    path = tmpl;
    FILE* f = fdopen(fd, "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    EVP_PKEY_free(key);
  }
  ~TempKey() { unlink(path.c_str()); }
  std::string path;
};

std::string KeyRecord(const TempKey& key) {
  std::string error;
  std::string record = KeyRecordForPrivateKey(key.path, &error);
  REQUIRE(error == "");
  return record;
}

}  // namespace

TEST_CASE("key records parse and size RSA and Ed25519 keys") {
  TempKey rsa("RSA", 2048), ed("ED25519");
  DkimKeyRecord r;
  CHECK(ParseDkimKeyRecord(KeyRecord(rsa), &r) == "");
  CHECK(r.key_type == "rsa");
  CHECK(r.key_bits == 2048);
  CHECK(ParseDkimKeyRecord(KeyRecord(ed), &r) == "");
  CHECK(r.key_type == "ed25519");
  CHECK(r.key_bits == 256);
  CHECK(ParseDkimKeyRecord("v=DKIM1; k=rsa; p=", &r) == "");
  CHECK(r.public_key.empty());
  CHECK(ParseDkimKeyRecord("k=rsa; v=DKIM1; p=abc", &r) == "v= must come first and be DKIM1");
  CHECK(ParseDkimKeyRecord("v=DKIM1; k=dsa; p=abcd", &r).find("not rsa or ed25519") != std::string::npos);
  CHECK(ParseDkimKeyRecord("v=DKIM1; k=rsa", &r) == "the record has no p= tag");
  CHECK(ParseDkimKeyRecord("v=DKIM1; k=rsa; p=AAAA", &r) == "p= is not a valid rsa public key");
}

TEST_CASE("DKIM findings: good, matching key, mismatch, revoked, short key, missing") {
  TempKey signing("RSA", 2048), other("RSA", 2048), small("RSA", 1024);
  FakeDns dns;
  dns.Add("s1._domainkey.example.com", DnsType::kTxt, KeyRecord(signing));
  std::vector<Finding> f = CheckDkim(dns, "example.com", {.selector = "s1", .key_file = signing.path});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].details["matches_key"] == true);

  f = CheckDkim(dns, "example.com", {.selector = "s1", .key_file = other.path});
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].fix == TxtRecordLine("s1._domainkey.example.com", KeyRecord(other)));

  dns.Add("old._domainkey.example.com", DnsType::kTxt, "v=DKIM1; k=rsa; p=");
  f = CheckDkim(dns, "example.com", {.selector = "old"});
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].summary.find("revoked") != std::string::npos);

  dns.Add("weak._domainkey.example.com", DnsType::kTxt, KeyRecord(small));
  f = CheckDkim(dns, "example.com", {.selector = "weak"});
  CHECK(f[0].severity == Severity::kWarn);
  CHECK(f[0].details["key_bits"] == 1024);

  TempKey ed("ED25519"), ed_other("ED25519");
  dns.Add("ed._domainkey.example.com", DnsType::kTxt, KeyRecord(ed));
  f = CheckDkim(dns, "example.com", {.selector = "ed", .key_file = ed.path});
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].summary == "ed25519 key, 256 bits, matches " + ed.path);
  f = CheckDkim(dns, "example.com", {.selector = "ed", .key_file = ed_other.path});
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].fix == TxtRecordLine("ed._domainkey.example.com", KeyRecord(ed_other)));
  f = CheckDkim(dns, "example.com", {.selector = "ed", .key_file = signing.path});  // an RSA signing key never matches an Ed25519 record
  CHECK(f[0].severity == Severity::kFail);

  f = CheckDkim(dns, "example.com", {.selector = "none", .key_file = signing.path});
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].fix.starts_with("none._domainkey.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; p=MIIB"));
}

TEST_CASE("a loaded key's own record is matched without reading its file") {
  TempKey signing("RSA", 2048), other("RSA", 2048);
  FakeDns dns;
  dns.Add("s1._domainkey.example.com", DnsType::kTxt, KeyRecord(signing));
  // The daemon has dropped privileges: the file may be unreadable, the loaded key is what counts.
  DkimKeyToCheck loaded{.selector = "s1", .key_file = "/nonexistent/s1.key", .public_record = KeyRecord(signing)};
  std::vector<Finding> f = CheckDkim(dns, "example.com", loaded);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].details["matches_key"] == true);
  CHECK(f[0].summary == "rsa key, 2048 bits, matches /nonexistent/s1.key");

  loaded.public_record = KeyRecord(other);
  f = CheckDkim(dns, "example.com", loaded);
  CHECK(f[0].severity == Severity::kFail);
  CHECK(f[0].summary == "the published key is not the public half of /nonexistent/s1.key");
  CHECK(f[0].fix == TxtRecordLine("s1._domainkey.example.com", KeyRecord(other)));

  // A published PKCS#1 RSAPublicKey (some generators write it) is the same key as its SubjectPublicKeyInfo.
  std::string spki = KeyRecord(signing).substr(std::string("v=DKIM1; k=rsa; p=").size());
  std::string der(spki.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                          reinterpret_cast<const unsigned char*>(spki.data()), static_cast<int>(spki.size()));
  REQUIRE(n > 24);
  // Skip the SubjectPublicKeyInfo header of a 2048-bit key (24 octets) to get the bare RSAPublicKey.
  der.resize(static_cast<size_t>(n));
  std::string pkcs1 = der.substr(24, 270);
  std::string b64(4 * ((pkcs1.size() + 2) / 3) + 1, '\0');
  b64.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                                 reinterpret_cast<const unsigned char*>(pkcs1.data()), pkcs1.size())));
  dns.Add("pkcs1._domainkey.example.com", DnsType::kTxt, "v=DKIM1; k=rsa; p=" + b64);
  f = CheckDkim(dns, "example.com", {.selector = "pkcs1", .public_record = KeyRecord(signing)});
  CHECK(f[0].severity == Severity::kPass);
  CHECK(f[0].summary == "rsa key, 2048 bits, matches the signing key");
}

}  // namespace ohm::doctor
