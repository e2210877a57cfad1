#include "features/features.h"

#include <doctest/doctest.h>

namespace ohm {

namespace {

double Get(const Features& f, std::string_view name) {
  auto id = FindFeature(name);
  REQUIRE_MESSAGE(id.has_value(), name);
  return f.Get(*id);
}

}  // namespace

TEST_CASE("every catalogued feature has a unique name and a description") {
  const auto& catalogue = FeatureCatalogue();
  for (size_t i = 0; i < catalogue.size(); ++i) {
    CHECK(!catalogue[i].description.empty());
    CHECK(FindFeature(catalogue[i].name) == i);
  }
}

TEST_CASE("content features of a small HTML message") {
  Envelope env;
  env.rcpt_to = {"a@b.example", "c@d.example"};
  RawMessage raw;
  raw.headers = {{"Subject", "HUGE SALE!!"}, {"Date", "Tue, 1 Jul 2003 10:52:37 +0200"},
                 {"Received", "from a by b; Tue, 1 Jul 2003 12:52:37 +0200"}};
  ParsedMessage parsed;
  parsed.subject = "HUGE SALE!!";
  parsed.body_text = "Buy now! Visit us";
  parsed.html_text = "Buy now! Visit us";
  parsed.has_text_html = true;
  parsed.links = {{"https://x.example/", "x.example", "Visit us", true}};
  parsed.images = {{"https://x.example/a.png", "", false, true}, {"cid:1", "logo", true, false}};
  for (auto [name, type] : {std::pair{"run.JS", "application/javascript"},
                            std::pair{"Setup.EXE", "application/octet-stream"},
                            std::pair{"report.exe.pdf", "application/pdf"}}) {
    Attachment file;
    file.filename = name;
    file.content_type = type;
    file.size = 10;
    parsed.attachments.push_back(file);
  }
  parsed.defects = {"multipart without closing boundary"};
  Features f = ComputeFeatures(env, raw, parsed, true);
  CHECK(Get(f, "recipients") == 2);
  CHECK(Get(f, "subject_caps_ratio") == 1.0);
  CHECK(Get(f, "subject_exclamation_run") == 2);
  CHECK(Get(f, "body_words") == 4);
  CHECK(Get(f, "body_exclamations") == 1);
  CHECK(Get(f, "links_per_100_words") == 25);
  CHECK(Get(f, "link_text_ratio") == doctest::Approx(8.0 / 17));
  CHECK(Get(f, "images_without_alt") == 1);
  CHECK(Get(f, "remote_images") == 1);
  CHECK(Get(f, "text_chars_per_image") == doctest::Approx(8.5));
  CHECK(Get(f, "script_attachments") == 1);
  CHECK(Get(f, "executable_attachments") == 1);  // Setup.EXE; not report.exe.pdf, not run.JS
  // The verdict quotes what was counted.
  CHECK(f.Evidence(*FindFeature("executable_attachments")) == "Setup.EXE");
  CHECK(f.Evidence(*FindFeature("script_attachments")) == "run.JS");
  CHECK(f.Evidence(*FindFeature("subject_caps_ratio")).empty());
  CHECK(Get(f, "missing_closing_boundary") == 1);
  CHECK(Get(f, "html_only") == 1);
  CHECK(Get(f, "date_skew_hours") == doctest::Approx(-2.0));
  CHECK(Get(f, "date_unparsable") == 0);
}

TEST_CASE("content features are 0 when the content was not scanned") {
  RawMessage raw;
  raw.headers = {{"Subject", "Hello"}, {"Date", "not a date"}};
  ParsedMessage parsed;
  parsed.subject = "Hello";
  parsed.body_text = "Hello world!";
  parsed.script_tags = 2;
  Features f = ComputeFeatures(Envelope{}, raw, parsed, false);
  CHECK(Get(f, "body_words") == 0);
  CHECK(Get(f, "script_tags") == 0);
  CHECK(Get(f, "subject_letters") == 5);  // headers are still measured
  CHECK(Get(f, "date_unparsable") == 1);
}

TEST_CASE("without a Received line the Date is judged against the given clock, or not at all") {
  RawMessage raw;
  raw.headers = {{"Date", "Thu, 1 Jan 1970 10:00:00 +0000"}};
  ParsedMessage parsed;
  CHECK(Get(ComputeFeatures(Envelope{}, raw, parsed, true), "date_skew_hours") == 0);
  CHECK(Get(ComputeFeaturesAt(Envelope{}, raw, parsed, true, 3600), "date_skew_hours") == 9);
}

}  // namespace ohm

#include <fstream>
#include <sstream>

namespace ohm {

TEST_CASE("every feature is documented in rules/SYNTAX.md, where rule writers look for it") {
  std::ifstream in(OHM_SOURCE_DIR "/rules/SYNTAX.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  for (const FeatureInfo& feature : FeatureCatalogue()) {
    CHECK_MESSAGE(text.str().find("`" + std::string(feature.name) + "`") != std::string::npos,
                  feature.name << " is not in rules/SYNTAX.md");
  }
}

}  // namespace ohm
