#include "config/config.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "config/embedded_defaults.h"

using namespace ohm;

namespace {

std::vector<ConfigError> Parse(const std::string& text, Config* c) { return ParseConfig(text, "test.toml", c); }

}  // namespace

TEST_CASE("the embedded default configuration is valid and matches the documented defaults") {
  Config c;
  auto errors = LoadConfig("", &c);
  REQUIRE(errors.empty());
  CHECK(c.source == "(embedded conf/ohm.toml)");
  CHECK(c.milter.socket == "inet:8895@127.0.0.1");
  CHECK(c.milter.user == "ohm");
  CHECK(c.actions.tag == 3.0);
  CHECK(c.actions.hold == 8.0);
  CHECK(c.actions.reject == 15.0);
  CHECK(c.limits.max_body_bytes == 1048576);
  REQUIRE(c.scope.internal_networks.size() == 2);
  CHECK(c.scope.internal_networks[0].Contains("127.0.0.1"));
  CHECK(c.scope.internal_networks[1].Contains("::1"));
  CHECK(c.headers.prefix == "X-Ohm-");
  CHECK(c.rules.prefilter_cache == "/var/cache/ohm");
  CHECK(c.rules.prefilter_cache == Config().rules.prefilter_cache);
}

TEST_CASE("rules.prefilter_cache is an absolute path or empty") {
  Config c;
  CHECK(Parse("[rules]\nprefilter_cache = \"\"\n", &c).empty());
  CHECK(c.rules.prefilter_cache.empty());
  CHECK(Parse("[rules]\nprefilter_cache = \"/srv/ohm/cache\"\n", &c).empty());
  CHECK(c.rules.prefilter_cache == "/srv/ohm/cache");
  auto errors = Parse("[rules]\nprefilter_cache = \"cache\"\n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() == "test.toml:2: rules.prefilter_cache must be an absolute directory path or \"\" (none)");
}

TEST_CASE("an unknown key is reported with file and line") {
  Config c;
  auto errors = Parse("[milter]\nsocket = \"inet:1234@127.0.0.1\"\nsockit = 3\n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() == "test.toml:3: unknown key 'milter.sockit'");
}

TEST_CASE("a wrong type is reported with file and line") {
  Config c;
  auto errors = Parse("[actions]\ntag = \"high\"\n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() == "test.toml:2: actions.tag must be a number");
}

TEST_CASE("a bad socket is reported") {
  Config c;
  auto errors = Parse("[milter]\nsocket = \"inet:99999@127.0.0.1\"\n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() == "test.toml:2: milter.socket: port must be a number from 1 to 65535");
  CHECK(ValidateSocketSpec("unix:/run/ohm/ohm.sock") == "");
  CHECK(ValidateSocketSpec("unix:relative") != "");
  CHECK(ValidateSocketSpec("tcp:25") == "unknown socket type 'tcp'");
}

TEST_CASE("TOML syntax errors carry the line") {
  Config c;
  auto errors = Parse("[milter]\nsocket = \n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == "test.toml");
  CHECK(errors[0].line == 2);
}

TEST_CASE("all errors are reported, not just the first") {
  Config c;
  auto errors = Parse("[limits]\nmax_body_bytes = 5\n[log]\nlevel = \"loud\"\n[scope]\ninternal_networks = [\"10.0.0.0/33\"]\n", &c);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].line == 2);
  CHECK(errors[1].line == 4);
  CHECK(errors[2].ToString() == "test.toml:6: scope.internal_networks: '10.0.0.0/33' is not an address or CIDR network");
}

TEST_CASE("thresholds must rise from tag to hold to reject") {
  Config c;
  auto errors = Parse("[actions]\ntag = 9.0\nhold = 8.0\n", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("hold") != std::string::npos);
  Config ok;
  CHECK(Parse("[actions]\ntag = 0\nhold = 8.0\nreject = 0\n", &ok).empty());
}

TEST_CASE("overrides inherit unset thresholds from [actions]") {
  Config c;
  auto errors = Parse("[actions]\ntag = 2.0\nhold = 6.0\nreject = 10.0\n"
                      "[[overrides]]\nmatch = \"news@example.com\"\nreject = 30.0\n", &c);
  REQUIRE(errors.empty());
  REQUIRE(c.overrides.size() == 1);
  CHECK(c.overrides[0].match == "news@example.com");
  CHECK(c.overrides[0].thresholds.tag == 2.0);
  CHECK(c.overrides[0].thresholds.hold == 6.0);
  CHECK(c.overrides[0].thresholds.reject == 30.0);
  Config bad;
  CHECK(Parse("[[overrides]]\nreject = 30.0\n", &bad).size() == 1);
}

TEST_CASE("a missing file is an error naming it") {
  Config c;
  auto errors = LoadConfig("/nonexistent/ohm.toml", &c);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() == "/nonexistent/ohm.toml: cannot read configuration file");
}

TEST_CASE("the [dkim] table is kept for the DKIM stage") {
  Config c;
  REQUIRE(Parse("[dkim]\nenabled = true\n", &c).empty());
  REQUIRE(c.dkim);
  CHECK(c.dkim->contains("enabled"));
}

TEST_CASE("[doctor]: defaults, values, and addresses and resolvers checked at load") {
  Config c;
  REQUIRE(LoadConfig("", &c).empty());
  CHECK(c.doctor.check_on_start);
  CHECK(c.doctor.resolver.empty());
  CHECK(c.doctor.timeout_ms == 3000);
  CHECK(c.doctor.retries == 1);
  CHECK(c.doctor.ips.empty());
  REQUIRE(Parse("[doctor]\ncheck_on_start = false\nresolver = \"127.0.0.1:5353\"\ntimeout_ms = 500\nretries = 0\n"
                "ips = [\"203.0.113.5\", \"2001:db8::5\"]\nhelo = \"mail.example.com\"\ndnsbl_zones = [\"bl.example\"]\n",
                &c).empty());
  CHECK_FALSE(c.doctor.check_on_start);
  CHECK(c.doctor.resolver == "127.0.0.1:5353");
  CHECK(c.doctor.timeout_ms == 500);
  CHECK(c.doctor.retries == 0);
  CHECK(c.doctor.ips == std::vector<std::string>{"203.0.113.5", "2001:db8::5"});
  CHECK(c.doctor.helo == "mail.example.com");
  CHECK(c.doctor.dnsbl_zones == std::vector<std::string>{"bl.example"});
  auto errors = Parse("[doctor]\nresolver = \"dns.example\"\nips = [\"203.0.113\"]\ntimeout_ms = 10\n", &c);
  std::vector<std::string> messages;
  for (const ConfigError& e : errors) messages.push_back(e.ToString());
  std::sort(messages.begin(), messages.end());
  CHECK(messages == std::vector<std::string>{
                        "test.toml:2: doctor.resolver must be \"\" (/etc/resolv.conf), IP, IP:PORT or [IPv6]:PORT",
                        "test.toml:3: doctor.ips: '203.0.113' is not a numeric IPv4 or IPv6 address",
                        "test.toml:4: doctor.timeout_ms must be between 50 and 60000"});
}

TEST_CASE("limits on decoded size and link count are read and range-checked") {
  Config c;
  CHECK(c.limits.max_decoded_bytes == 16 * 1024 * 1024);
  CHECK(c.limits.max_links == 2000);
  CHECK(Parse("[limits]\nmax_decoded_bytes = 65536\nmax_links = 10\n", &c).empty());
  CHECK(c.limits.max_decoded_bytes == 65536);
  CHECK(c.limits.max_links == 10);
  Config bad;
  auto errors = Parse("[limits]\nmax_decoded_bytes = 10\nmax_links = 0\n", &bad);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 2);
  CHECK(errors[1].line == 3);
}
