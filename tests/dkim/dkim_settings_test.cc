#include "dkim/dkim_settings.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "config/config.h"
#include "dkim/opendkim_tables.h"
#include "dkim_test_support.h"

using namespace ohm;

namespace {

std::vector<std::string> Parse(const std::string& text, DkimSettings* s) {
  toml::table root = toml::parse(std::string_view(text), std::string_view("test.toml"));
  std::vector<std::string> errors;
  ParseDkimSettings(root["dkim"].as_table(), "test.toml", s, &errors);
  return errors;
}

bool Has(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

TEST_CASE("no [dkim] table: signing off, default header lists") {
  DkimSettings s;
  std::vector<std::string> errors;
  CHECK(ParseDkimSettings(nullptr, "x", &s, &errors));
  CHECK_FALSE(s.enabled);
  CHECK(s.header_relaxed);
  CHECK(s.body_relaxed);
  CHECK(Has(s.headers, "From"));
  CHECK(Has(s.headers, "List-Unsubscribe-Post"));
  CHECK(s.oversign == std::vector<std::string>{"From", "Subject", "Date", "To"});
  CHECK(s.min_rsa_bits == 2048);
}

TEST_CASE("keys, signing table and options are read") {
  DkimSettings s;
  auto errors = Parse(R"(
[dkim]
enabled = true
sign_by = "envelope_from"
canonicalization = "simple/relaxed"
headers = ["From", "Subject"]
min_rsa_bits = 1024
on_self_check_failure = "tempfail"
[[dkim.keys]]
name = "r"
domain = "Example.COM"
selector = "s1"
key_file = "/k/r.key"
algorithm = "rsa-sha256"
[[dkim.keys]]
domain = "example.com"
selector = "s2"
key_file = "/k/e.key"
algorithm = "ed25519"
[[dkim.signing]]
match = "*.Example.com"
keys = ["r", "s2._domainkey.example.com"]
)", &s);
  REQUIRE(errors.empty());
  CHECK(s.enabled);
  CHECK(s.sign_by == SignBy::kEnvelopeFrom);
  CHECK_FALSE(s.header_relaxed);
  CHECK(s.body_relaxed);
  CHECK(s.min_rsa_bits == 1024);
  CHECK(s.on_self_check_failure == SelfCheckFailure::kTempfail);
  // RFC 8058: the unsubscribe fields are signed even when the list leaves them out.
  CHECK(s.headers == std::vector<std::string>{"From", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post"});
  REQUIRE(s.keys.size() == 2);
  CHECK(s.keys[0].domain == "example.com");
  CHECK(s.keys[0].algorithm == DkimAlgorithm::kRsaSha256);
  CHECK(s.keys[1].name == "s2._domainkey.example.com");  // default name
  CHECK(s.keys[1].algorithm == DkimAlgorithm::kEd25519Sha256);
  REQUIRE(s.signing.size() == 1);
  CHECK(s.signing[0].pattern == "*.example.com");
  CHECK(s.signing[0].origin == "test.toml:20");  // the [[dkim.signing]] line
}

TEST_CASE("errors carry file:line") {
  DkimSettings s;
  auto errors = Parse("[dkim]\nenabled = 1\ncanonicalization = \"loose\"\nheaders = [\"Subject\"]\nbogus = 1\n"
                      "[[dkim.signing]]\nmatch = \"*\"\nkeys = [\"nokey\"]\n", &s);
  REQUIRE(errors.size() == 5);
  std::sort(errors.begin(), errors.end());  // toml++ tables iterate by key, not by line
  CHECK(errors[0] == "test.toml:2: dkim.enabled must be true or false");
  CHECK(errors[1].rfind("test.toml:3: dkim.canonicalization must be", 0) == 0);
  CHECK(errors[2] == "test.toml:4: dkim.headers must include From (RFC 6376 5.4)");
  CHECK(errors[3] == "test.toml:5: unknown key 'dkim.bogus'");
  CHECK(errors[4] == "test.toml:6: signing entry '*' names unknown key 'nokey'");
}

TEST_CASE("OpenDKIM KeyTable and SigningTable are imported") {
  std::vector<std::string> errors;
  auto keys = ParseOpenDkimKeyTable(
      "# comment\n"
      "rsa-example   example.com:mail2026:/etc/opendkim/keys/example.com/mail2026.private\n"
      "\n"
      "ed-example example.com:ed2026:/etc/opendkim/keys/example.com/ed2026.private  # trailing comment\n"
      "broken example.com\n",
      "KeyTable", &errors);
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].name == "rsa-example");
  CHECK(keys[0].domain == "example.com");
  CHECK(keys[0].selector == "mail2026");
  CHECK(keys[0].key_file == "/etc/opendkim/keys/example.com/mail2026.private");
  CHECK(keys[0].algorithm == DkimAlgorithm::kAuto);
  CHECK(keys[1].selector == "ed2026");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "KeyTable:5: expected 'NAME DOMAIN:SELECTOR:KEYFILE'");

  errors.clear();
  auto signing = ParseOpenDkimSigningTable(
      "*@example.com rsa-example\n*@example.com ed-example\n*@*.example.com rsa-example\nlonely\n", "SigningTable",
      &errors);
  REQUIRE(signing.size() == 2);
  CHECK(signing[0].pattern == "*@example.com");
  CHECK(signing[0].keys == std::vector<std::string>{"rsa-example", "ed-example"});
  CHECK(signing[1].pattern == "*@*.example.com");
  CHECK(signing[1].origin == "SigningTable:3");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "SigningTable:4: expected 'PATTERN KEYNAME'");
}

TEST_CASE("the [dkim] table names OpenDKIM files to import; both are required") {
  TempDir dir;
  WriteFile(dir.File("KeyTable"), "k1 example.org:sel:/etc/keys/k1.private\n", 0644);
  WriteFile(dir.File("SigningTable"), "example.org k1\n", 0644);
  DkimSettings s;
  auto errors = Parse("[dkim]\nopendkim_key_table = \"" + dir.File("KeyTable") + "\"\nopendkim_signing_table = \"" +
                      dir.File("SigningTable") + "\"\n", &s);
  REQUIRE(errors.empty());
  REQUIRE(s.keys.size() == 1);
  CHECK(s.keys[0].origin == dir.File("KeyTable") + ":1");
  REQUIRE(s.signing.size() == 1);
  CHECK(s.signing[0].keys == std::vector<std::string>{"k1"});

  errors = Parse("[dkim]\nopendkim_key_table = \"" + dir.File("KeyTable") + "\"\n", &s);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("must be given together") != std::string::npos);
}

TEST_CASE("the documented [dkim] section of conf/ohm.toml parses to the built-in defaults") {
  Config c;
  REQUIRE(LoadConfig("", &c).empty());
  REQUIRE(c.dkim);
  DkimSettings s;
  std::vector<std::string> errors;
  REQUIRE(ParseDkimSettings(c.dkim.get(), c.source, &s, &errors));
  DkimSettings built_in;
  REQUIRE(ParseDkimSettings(nullptr, "x", &built_in, &errors));
  CHECK_FALSE(s.enabled);  // the milter starts with no key files
  CHECK(s.keys.empty());
  CHECK(s.signing.empty());
  CHECK(s.headers == built_in.headers);
  CHECK(s.oversign == built_in.oversign);
  CHECK(s.header_relaxed);
  CHECK(s.body_relaxed);
  CHECK(s.sign_by == SignBy::kHeaderFrom);
  CHECK(s.min_rsa_bits == built_in.min_rsa_bits);
  CHECK(s.require_safe_keys);
  CHECK(s.self_check);
  CHECK(s.on_self_check_failure == SelfCheckFailure::kPassUnsigned);
  CHECK(s.no_key_score == built_in.no_key_score);
}
