// The default rules (rules/*.cf) run through the real pipeline over the
// fixture messages in tests/fixtures/rules/. Each fixture states what it
// expects in its own header:
//   X-Ohm-Expect: +RULE_A +RULE_B -RULE_C
// "+RULE": the rule hits; "-RULE": it does not; "-*": no rule hits at all.
// "X-Ohm-Recipients: N" gives the envelope N recipients (bulk by recipients).
// A last test checks that every scored rule has a fixture it hits and one it
// does not hit, so a new rule cannot ship untested.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "pipeline/pipeline.h"
#include "prefilter_cache_support.h"

namespace ohm {

namespace {

struct Fixture {
  std::string name;
  RawMessage raw;
  Envelope envelope;
  std::set<std::string> expect_hit;
  std::set<std::string> expect_miss;
  bool expect_nothing = false;
};

std::vector<Fixture> LoadFixtures() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(OHM_TEST_FIXTURES "/rules")) {
    if (entry.path().extension() == ".eml") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Fixture> fixtures;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    Fixture f;
    f.name = path.filename().string();
    f.raw = SplitMessage(bytes.str(), CollectLimits{});
    for (const HeaderField& field : f.raw.headers) {
      if (EqualsIgnoreCase(field.name, "X-Ohm-Recipients")) {
        int count = std::stoi(field.value);
        for (int i = 0; i < count; ++i) f.envelope.rcpt_to.push_back("r" + std::to_string(i) + "@example.net");
      }
      if (!EqualsIgnoreCase(field.name, "X-Ohm-Expect")) continue;
      std::istringstream words(field.value);
      std::string word;
      while (words >> word) {
        if (word == "-*") {
          f.expect_nothing = true;
        } else if (word.size() > 1 && word[0] == '+') {
          f.expect_hit.insert(word.substr(1));
        } else if (word.size() > 1 && word[0] == '-') {
          f.expect_miss.insert(word.substr(1));
        } else {
          FAIL(f.name << ": bad X-Ohm-Expect word '" << word << "'");
        }
      }
    }
    fixtures.push_back(std::move(f));
  }
  return fixtures;
}

std::shared_ptr<const Pipeline> DefaultPipeline() {
  Config config;
  config.rules.default_dir = OHM_SOURCE_DIR "/rules";
  config.rules.prefilter_cache = TestPrefilterCacheDir();
  std::vector<std::string> errors;
  auto pipeline = Pipeline::Build(config, &errors);
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  REQUIRE_MESSAGE(pipeline != nullptr, all);
  return pipeline;
}

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}

}  // namespace

TEST_CASE("each fixture hits exactly what it expects of the default rules") {
  auto pipeline = DefaultPipeline();
  std::vector<Fixture> fixtures = LoadFixtures();
  REQUIRE(fixtures.size() >= 10);
  for (const Fixture& f : fixtures) {
    CAPTURE(f.name);
    CHECK_MESSAGE(f.expect_nothing + f.expect_hit.size() + f.expect_miss.size() > 0, "no X-Ohm-Expect");
    Verdict v = pipeline->Evaluate(f.envelope, f.raw);
    std::set<std::string> hit;
    for (const RuleHit& h : v.hits) hit.insert(h.name);
    for (const std::string& name : f.expect_hit) {
      CHECK_MESSAGE(hit.count(name) == 1, f.name << ": expected " << name << " to hit; hits: " << Join(hit));
    }
    for (const std::string& name : f.expect_miss) {
      CHECK_MESSAGE(hit.count(name) == 0, f.name << ": expected " << name << " not to hit");
    }
    if (f.expect_nothing) CHECK_MESSAGE(hit.empty(), f.name << ": expected no hit; hits: " << Join(hit));
  }
}

TEST_CASE("every scored default rule has a fixture that hits it and one that does not") {
  auto pipeline = DefaultPipeline();
  std::vector<Fixture> fixtures = LoadFixtures();
  std::set<std::string> hit_somewhere, missed_somewhere;
  bool some_clean = false;
  for (const Fixture& f : fixtures) {
    hit_somewhere.insert(f.expect_hit.begin(), f.expect_hit.end());
    missed_somewhere.insert(f.expect_miss.begin(), f.expect_miss.end());
    some_clean |= f.expect_nothing;
  }
  std::set<std::string> known;
  for (const RuleInfo& rule : pipeline->rules().List()) {
    known.insert(rule.name);
    if (rule.name.rfind("__", 0) == 0 || rule.score == 0) continue;
    CHECK_MESSAGE(hit_somewhere.count(rule.name) == 1, "no fixture hits " << rule.name);
    CHECK_MESSAGE((some_clean || missed_somewhere.count(rule.name) == 1),
                  "no fixture shows " << rule.name << " not hitting");
  }
  // An expectation naming a rule that does not exist would pass vacuously.
  for (const auto& names : {hit_somewhere, missed_somewhere}) {
    for (const std::string& name : names) CHECK_MESSAGE(known.count(name) == 1, "unknown rule " << name);
  }
}

}  // namespace ohm

namespace ohm {

namespace {

// Writes `text` as the only rule file of a fresh local directory and returns the directory.
std::string LocalRuleDir(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("ohm_rules_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "90_local.cf") << text;
  return dir.string();
}

std::vector<std::string> HitsWithLocal(const std::string& local_dir, const std::string& fixture) {
  Config config;
  config.rules.default_dir = OHM_SOURCE_DIR "/rules";
  config.rules.local_dir = local_dir;
  config.rules.prefilter_cache = TestPrefilterCacheDir();
  std::vector<std::string> errors;
  auto pipeline = Pipeline::Build(config, &errors);
  std::string first_error = errors.empty() ? std::string() : errors.front();
  REQUIRE_MESSAGE(pipeline != nullptr, first_error);
  std::ifstream in(std::string(OHM_TEST_FIXTURES "/rules/") + fixture, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Verdict v = pipeline->Evaluate(Envelope{}, SplitMessage(bytes.str(), CollectLimits{}));
  std::vector<std::string> names;
  for (const RuleHit& h : v.hits) names.push_back(h.name);
  std::sort(names.begin(), names.end());
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("a local directory disables a default rule with score 0 and moves a threshold with param") {
  REQUIRE(Contains(HitsWithLocal("", "subject_acronyms.eml"), "SUBJECT_CAPS_WORDS"));
  CHECK_FALSE(Contains(HitsWithLocal(LocalRuleDir("score0", "score SUBJECT_CAPS_WORDS 0\n"), "subject_acronyms.eml"),
                       "SUBJECT_CAPS_WORDS"));
  CHECK_FALSE(Contains(HitsWithLocal(LocalRuleDir("param", "param SUBJECT_CAPS_WORDS_MAX 3\n"), "subject_acronyms.eml"),
                       "SUBJECT_CAPS_WORDS"));
  // A local rule may build on the default ones.
  CHECK(Contains(HitsWithLocal(LocalRuleDir("meta", "meta LOCAL_CAPS SUBJECT_CAPS_WORDS && __HAS_FROM\n"),
                               "subject_acronyms.eml"),
                 "LOCAL_CAPS"));
}

TEST_CASE("faulty local rules are refused with file:line and what is wrong") {
  std::string dir = LocalRuleDir("bad",
                                 "body     BAD_REGEX   /(unclosed/\n"
                                 "meta     BAD_META    __HAS_FROM && NO_SUCH_RULE\n"
                                 "header   GTUBE       Subject =~ /x/\n"
                                 "param    IMAGE_ONLY_MAX_TEXT lots\n"
                                 "metric   BAD_METRIC  subject_caps_ratio >\n");
  Config config;
  config.rules.default_dir = OHM_SOURCE_DIR "/rules";
  config.rules.local_dir = dir;
  std::vector<std::string> errors;
  CHECK(Pipeline::Build(config, &errors) == nullptr);
  std::string file = dir + "/90_local.cf:";
  REQUIRE(errors.size() == 5);
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  CHECK_MESSAGE(all.find(file + "4: bad number 'lots'") != std::string::npos, all);
  CHECK_MESSAGE(all.find(file + "1: bad regex") != std::string::npos, all);
  CHECK_MESSAGE(all.find(file + "2: meta BAD_META: unknown rule 'NO_SUCH_RULE'") != std::string::npos, all);
  CHECK_MESSAGE(all.find(file + "3: rule 'GTUBE' already defined at") != std::string::npos, all);
  CHECK_MESSAGE(all.find(file + "5: metric BAD_METRIC:") != std::string::npos, all);
}

}  // namespace ohm

namespace ohm {

namespace {

// The FROM_NAME_BRAND hit (its detail quotes the name that matched), or null.
std::optional<RuleHit> BrandHit(const Pipeline& pipeline, const std::string& from) {
  std::string message = "From: " + from +
                        "\nTo: anna@example.net\nSubject: Statement\nDate: Tue, 24 Nov 2026 08:00:00 +0100\n"
                        "Message-ID: <brand@example.org>\n\nYour statement is ready.\n";
  Verdict v = pipeline.Evaluate(Envelope{}, SplitMessage(message, CollectLimits{}));
  for (const RuleHit& h : v.hits) {
    if (h.name == "FROM_NAME_BRAND") return h;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("FROM_NAME_BRAND: each brand's name on another domain hits, on the brand's own domains it does not") {
  auto pipeline = DefaultPipeline();
  struct Case {
    const char* name;       // a display name as phishing uses it
    const char* own;        // an address at the brand's own domain
  };
  const Case cases[] = {
      {"PayPal Service", "service@paypal.de"},
      {"Microsoft account team", "account-security-noreply@accountprotection.microsoft.com"},
      {"Office 365 Admin", "no-reply@office365.com"},
      {"Apple ID", "appleid@id.apple.com"},
      {"Amazon.com Customer Service", "order-update@amazon.co.uk"},
      {"Netflix", "info@mailer.netflix.com"},
      {"DHL Express", "noreply@notification.dhl.de"},
      {"FedEx Delivery Manager", "trackingupdates@fedex.com"},
      {"UPS Quantum View", "pkginfo@ups.com"},
      {"USPS Informed Delivery", "usps@email.informeddelivery.usps.com"},
      {"DocuSign via Acme", "dse@eumail.docusign.net"},
      {"Facebook", "security@facebookmail.com"},
      {"Instagram", "security@mail.instagram.com"},
      {"WhatsApp Business", "noreply@whatsapp.com"},
      {"LinkedIn Security", "security-noreply@linkedin.com"},
      {"Google Accounts", "no-reply@accounts.google.com"},
      {"Wells Fargo Online", "alerts@notify.wellsfargo.com"},
      {"Chase Bank", "no.reply.alerts@chase.com"},
      {"Bank of America Alerts", "onlinebanking@ealerts.bankofamerica.com"},
      {"American Express", "americanexpress@welcome.aexp.com"},
      {"Dropbox", "no-reply@dropboxmail.com"},
      {"Adobe Sign", "adobesign@adobesign.com"},
      {"Coinbase", "no-reply@coinbase.com"},
      {"Binance", "do-not-reply@post.binance.com"},
      {"eBay", "ebay@ebay.com"},
      {"Spotify", "no-reply@spotify.com"},
      {"WeTransfer", "noreply@wetransfer.com"},
      {"Internal Revenue Service", "noreply@irs.gov"},
      {"HMRC", "noreply@tax.service.gov.uk"},
      {"La Poste - Colissimo", "noreply@notif.colissimo.fr"},
      {"Sparkasse KölnBonn", "service@sparkasse-koelnbonn.de"},
      {"Poste Italiane", "noreply@posteitaliane.it"},
      {"Correos", "notificaciones@correos.es"},
      {"Norton LifeLock", "no-reply@norton.com"},
      {"McAfee Total Protection", "noreply@mcafee.com"},
      {"Geek Squad", "geeksquad@emailinfo.bestbuy.com"},
      {"Venmo", "venmo@venmo.com"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::optional<RuleHit> spoof = BrandHit(*pipeline, "\"" + std::string(c.name) + "\" <wp@shop-customer.example>");
    REQUIRE(spoof.has_value());
    // The detail says which name matched, so the sender knows what to change.
    CHECK_MESSAGE(spoof->detail.rfind("From: ", 0) == 0, spoof->detail);
    CHECK_FALSE(BrandHit(*pipeline, "\"" + std::string(c.name) + "\" <" + c.own + ">").has_value());
  }
  // Words that only look like brands: people, places, everyday words.
  for (const char* from : {"Chase Miller <chase@example.org>", "Apple Valley Orchard <news@applevalley.example>",
                           "\"Ups and Downs Club\" <club@example.org>", "Outlook Weekly <editor@example.org>",
                           "Amazon Rainforest Trust <info@example.org>", "Google Fan <fan@example.org>",
                           "Metadata Team <data@example.org>", "Sparkassen-Fan <x@example.org>",
                           "Edward Norton <ed@example.org>", "Sarah McAfee <sarah@example.org>"}) {
    CAPTURE(from);
    CHECK_FALSE(BrandHit(*pipeline, from).has_value());
  }
}

}  // namespace ohm

namespace ohm {

TEST_CASE("FROM_NAME_MIXED_SCRIPT: the verdict names the look-alike letter and the word, RFC 2047 or raw") {
  auto pipeline = DefaultPipeline();
  // "PаyPal Support" with a Cyrillic а, as an encoded-word and as raw UTF-8.
  for (const char* from : {"=?UTF-8?B?UNCweVBhbCBTdXBwb3J0?= <wp@shop-customer.example>",
                           "\"P\xD0\xB0yPal Support\" <wp@shop-customer.example>"}) {
    CAPTURE(from);
    std::string message = std::string("From: ") + from +
                          "\nTo: anna@example.net\nSubject: Statement\nDate: Tue, 24 Nov 2026 08:00:00 +0100\n"
                          "Message-ID: <mixed@example.org>\n\nYour statement is ready.\n";
    Verdict v = pipeline->Evaluate(Envelope{}, SplitMessage(message, CollectLimits{}));
    auto hit = std::find_if(v.hits.begin(), v.hits.end(),
                            [](const RuleHit& h) { return h.name == "FROM_NAME_MIXED_SCRIPT"; });
    REQUIRE(hit != v.hits.end());
    CHECK_MESSAGE(hit->detail.find("Cyrillic \xD0\xB0 in Latin word P\xD0\xB0yPal") != std::string::npos, hit->detail);
  }
  // A name written wholly in Cyrillic look-alikes ("аррӏе Support") mixes nothing inside a word but is read as Latin.
  std::string message = "From: \"\xD0\xB0\xD1\x80\xD1\x80\xD3\x8F\xD0\xB5 Support\" <id@shop-customer.example>"
                        "\nTo: anna@example.net\nSubject: Statement\nDate: Tue, 24 Nov 2026 08:00:00 +0100\n"
                        "Message-ID: <whole@example.org>\n\nYour statement is ready.\n";
  Verdict v = pipeline->Evaluate(Envelope{}, SplitMessage(message, CollectLimits{}));
  auto hit = std::find_if(v.hits.begin(), v.hits.end(), [](const RuleHit& h) { return h.name == "FROM_NAME_MIXED_SCRIPT"; });
  REQUIRE(hit != v.hits.end());
  CHECK_MESSAGE(hit->detail.find("Cyrillic word \xD0\xB0\xD1\x80\xD1\x80\xD3\x8F\xD0\xB5, read as Latin") != std::string::npos,
                hit->detail);
}

}  // namespace ohm
