// Every resource bound, through the whole pipeline as the daemon runs it: a
// message beyond a bound still gets a verdict (it is passed on, never dropped),
// the verdict's notes say which bound was reached, and the work stays bounded.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/pipeline.h"
#include "prefilter_cache_support.h"
#include "rules/regex_prefilter.h"

using namespace ohm;

namespace {

Verdict Run(Config config, const std::string& message) {
  config.rules.prefilter_cache = TestPrefilterCacheDir();
  std::vector<std::string> errors;
  auto pipeline = Pipeline::Build(config, &errors);
  REQUIRE_MESSAGE(pipeline != nullptr, (errors.empty() ? "" : errors[0]));
  Envelope envelope;
  envelope.client_addr = "127.0.0.1";
  envelope.mail_from = "bob@example.com";
  envelope.rcpt_to = {"anna@example.net"};
  RawMessage raw = SplitMessage(message, pipeline->collect_limits());
  return pipeline->Evaluate(envelope, raw);
}

std::string Notes(const Verdict& v) {
  std::string all;
  for (const auto& n : v.notes) all += n + "\n";
  return all;
}

bool HasNote(const Verdict& v, const std::string& needle) { return Notes(v).find(needle) != std::string::npos; }

const char kHead[] =
    "From: Bob <bob@example.com>\nTo: anna@example.net\nSubject: bounds\n"
    "Date: Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <bounds@example.com>\nMIME-Version: 1.0\n";

// A verdict that lets the message go on: any action but a refusal.
void CheckPassedOn(const Verdict& v) {
  CHECK(v.in_scope);
  CHECK(v.action != Action::kReject);
  CHECK(v.action != Action::kTempfail);
}

}  // namespace

bool HasHit(const Verdict& v, const std::string& name) {
  return std::any_of(v.hits.begin(), v.hits.end(), [&](const RuleHit& h) { return h.name == name; });
}

TEST_CASE("message size: a body over max_body_bytes is scanned in its first bytes and its MIME structure") {
  Config c;
  c.limits.max_body_bytes = 4096;
  // Text first, then an attachment far bigger than the limit, then an
  // executable one: the text is scanned, the executable's name is seen, and
  // the cut is not taken for a multipart without its closing boundary.
  std::string m = std::string(kHead) + "Content-Type: multipart/mixed; boundary=\"cut\"\n\n--cut\n" +
                  "Content-Type: text/plain\n\nThe report you asked for is attached, with the installer.\n" +
                  "--cut\nContent-Type: application/pdf; name=report.pdf\nContent-Transfer-Encoding: base64\n\n";
  for (int i = 0; i < 20000; ++i) m += "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZUR\n";
  m += "--cut\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"setup.scr\"\n"
       "Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n--cut--\n";
  Verdict v = Run(c, m);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "body over scan limit"), Notes(v));
  CHECK_MESSAGE(HasNote(v, "MIME structure beyond"), Notes(v));
  CHECK_MESSAGE(HasHit(v, "EXECUTABLE_ATTACHMENT"), Notes(v));
  CHECK_FALSE(HasHit(v, "MIME_NO_CLOSING_BOUNDARY"));
}

TEST_CASE("message size: MIME structure past the scan limit is kept only up to its own bound, and said so") {
  Config c;
  c.limits.max_body_bytes = 4096;
  // Thousands of small parts after the limit: their boundaries and headers
  // are the structure, and there is more of it than is kept (64 KB).
  std::string m = std::string(kHead) + "Content-Type: multipart/mixed; boundary=\"many\"\n\n--many\n" +
                  "Content-Type: text/plain\n\nThe parts follow.\n" + std::string(5000, 'x') + "\n";
  for (int i = 0; i < 3000; ++i) {
    m += "--many\nContent-Type: application/octet-stream; name=\"part" + std::to_string(i) +
         ".bin\"\nContent-Transfer-Encoding: base64\n\nAAAA\n";
  }
  m += "--many--\n";
  Verdict v = Run(c, m);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "MIME structure beyond"), Notes(v));
  CHECK_MESSAGE(HasNote(v, "the rest not kept"), Notes(v));
}

TEST_CASE("header count and length: fields past the bounds are not scanned, and said so") {
  Config c;
  c.limits.max_headers = 10;
  c.limits.max_header_bytes = 998;
  std::string m = kHead;
  for (int i = 0; i < 50; ++i) m += "X-Filler-" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  m = "X-Long: " + std::string(5000, 'l') + "\n" + m + "\nbody\n";
  Verdict v = Run(c, m);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "header fields over the limit of 10 not scanned"), Notes(v));
  CHECK_MESSAGE(HasNote(v, "header values cut at 998 bytes"), Notes(v));
}

TEST_CASE("MIME depth and part count") {
  Config c;
  c.limits.max_mime_depth = 3;
  std::string nested = std::string(kHead) + "Content-Type: multipart/mixed; boundary=b0\n\n";
  for (int i = 1; i < 10; ++i) {
    nested += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n";
  }
  nested += "--b9\nContent-Type: text/plain\n\ndeep\n";
  Verdict v = Run(c, nested);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "MIME depth limit 3 reached"), Notes(v));

  Config parts;
  parts.limits.max_mime_parts = 10;
  std::string wide = std::string(kHead) + "Content-Type: multipart/mixed; boundary=w\n\n";
  for (int i = 0; i < 200; ++i) wide += "--w\nContent-Type: text/plain\n\npart " + std::to_string(i) + "\n";
  wide += "--w--\n";
  Verdict w = Run(parts, wide);
  CheckPassedOn(w);
  CHECK_MESSAGE(HasNote(w, "MIME part limit 10 reached"), Notes(w));
}

TEST_CASE("decoded size: a base64 bomb decodes no further than max_decoded_bytes") {
  // 4 MB of base64 "AAAA" decode to 3 MB of zeros; ohm keeps 64 KB of it.
  Config c;
  c.limits.max_decoded_bytes = 64 * 1024;
  std::string m = std::string(kHead) + "Content-Type: multipart/mixed; boundary=z\n\n--z\n"
                  "Content-Type: text/plain\n\nsee attachment\n--z\n"
                  "Content-Type: application/octet-stream; name=zeros.bin\n"
                  "Content-Disposition: attachment; filename=zeros.bin\nContent-Transfer-Encoding: base64\n\n";
  std::string line(76, 'A');
  for (int i = 0; i < 4 * 1024 * 1024 / 77; ++i) m += line + "\n";
  m += "--z--\n";
  Verdict v = Run(c, m);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "decoded size limit reached"), Notes(v));
}

TEST_CASE("decoded size: PDF object streams inflate within what is left of max_decoded_bytes") {
  // Twenty PDFs, each an object stream of 2 MB of blanks compressed to about
  // 2 KB: 40 MB if every one were inflated to its own bound. The message's
  // decoded-bytes limit bounds them all together.
  std::string blanks(2 << 20, ' ');
  uLongf size = compressBound(blanks.size());
  std::string packed(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(blanks.data()),
                    blanks.size(), 9) == Z_OK);
  packed.resize(size);
  std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + packed + "\nendstream\n";
  std::string b64(4 * ((pdf.size() + 2) / 3) + 1, '\0');
  b64.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                             reinterpret_cast<const unsigned char*>(pdf.data()), static_cast<int>(pdf.size())));
  std::string m = std::string(kHead) + "Content-Type: multipart/mixed; boundary=z\n\n--z\n"
                  "Content-Type: text/plain\n\nforms attached\n";
  for (int i = 0; i < 20; ++i) {
    m += "--z\nContent-Type: application/pdf; name=f" + std::to_string(i) +
         ".pdf\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\n";
    for (size_t at = 0; at < b64.size(); at += 76) m += b64.substr(at, 76) + "\n";
  }
  m += "--z--\n";
  Config c;
  c.limits.max_decoded_bytes = 3 << 20;
  Verdict v = Run(c, m);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "decoded size limit reached"), Notes(v));
}

TEST_CASE("HTML depth: nesting past max_html_depth is not rendered") {
  Config c;
  c.limits.max_html_depth = 50;
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "deep text";
  Verdict v = Run(c, std::string(kHead) + "Content-Type: text/html\n\n<html><body>" + html + "</body></html>\n");
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "HTML nesting limit 50 reached"), Notes(v));
}

TEST_CASE("URL count: links past max_links are not collected") {
  Config c;
  c.limits.max_links = 10;
  std::string body;
  for (int i = 0; i < 500; ++i) body += "https://host" + std::to_string(i) + ".example.com/\n";
  Verdict v = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + body);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "link limit 10 reached"), Notes(v));
  std::string html = "<html><body>";
  for (int i = 0; i < 500; ++i) html += "<a href=\"https://h" + std::to_string(i) + ".example.com/\">x</a> ";
  Verdict h = Run(c, std::string(kHead) + "Content-Type: text/html\n\n" + html + "</body></html>\n");
  CHECK_MESSAGE(HasNote(h, "link limit 10 reached"), Notes(h));
}

TEST_CASE("regex budget per rule: a backtracking rule is aborted, the others run") {
  char dir[] = "/tmp/ohm-bounds-XXXXXX";
  REQUIRE(mkdtemp(dir));
  std::ofstream(std::string(dir) + "/50_trap.cf")
      << "body TRAP /(?:a+)+b/\nscore TRAP 5\ndescribe TRAP catastrophic\n"
         "body PLAIN /plain-marker/\nscore PLAIN 1\ndescribe PLAIN ordinary\n";
  Config c;
  c.rules.local_dir = dir;
  std::string body = "plain-marker\n";
  for (int i = 0; i < 20; ++i) body += std::string(40, 'a') + "!b\n";
  // A real "ab" at the end: the rules' prefilter cannot rule TRAP out, so
  // PCRE2 runs it and meets the backtracking lines first.
  body += "ab\n";
  Verdict v = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + body);
  CheckPassedOn(v);
  CHECK_MESSAGE(HasNote(v, "rule TRAP aborted: regex match limit"), Notes(v));
  auto hit = [&](const std::string& name) {
    return std::any_of(v.hits.begin(), v.hits.end(), [&](const RuleHit& h) { return h.name == name; });
  };
  CHECK_FALSE(hit("TRAP"));
  CHECK(hit("PLAIN"));
  CHECK(v.elapsed_ms < 5000);

  // Without that "ab" no match is possible. Where the prefilter runs
  // (Hyperscan), it sees so and the trap never starts; without it, PCRE2
  // aborts as above. Either way the message passes.
  std::string no_ab = body.substr(0, body.size() - 3);
  c.rules.prefilter = false;
  Verdict plain = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + no_ab);
  CHECK_MESSAGE(HasNote(plain, "rule TRAP aborted: regex match limit"), Notes(plain));
  c.rules.prefilter = true;
  Verdict filtered = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + no_ab);
  CheckPassedOn(filtered);
  if (RegexPrefilter::Available()) CHECK_MESSAGE(!HasNote(filtered, "aborted"), Notes(filtered));
  std::filesystem::remove_all(dir);
}

TEST_CASE("regex budget per message: after N aborted rules the remaining regex rules do not run") {
  char dir[] = "/tmp/ohm-bounds-XXXXXX";
  REQUIRE(mkdtemp(dir));
  {
    std::ofstream rules(std::string(dir) + "/50_traps.cf");
    for (int i = 0; i < 30; ++i) {
      std::string n = "TRAP_" + std::to_string(i);
      rules << "body " << n << " /(?:a+)+b" << i << "/\nscore " << n << " 1\ndescribe " << n << " trap\n";
    }
  }
  Config c;
  c.rules.local_dir = dir;
  c.limits.regex_aborts_per_message = 3;
  std::string body;
  for (int i = 0; i < 30; ++i) body += std::string(40, 'a') + "!b" + std::to_string(i) + "\n";
  for (int i = 0; i < 30; ++i) body += "ab" + std::to_string(i) + "\n";  // each trap could match: the prefilter runs them all
  Verdict v = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + body);
  CheckPassedOn(v);
  size_t aborted = 0;
  for (const auto& n : v.notes) aborted += n.find("aborted: regex match limit") != std::string::npos;
  CHECK_MESSAGE(aborted == 3, Notes(v));
  CHECK_MESSAGE(HasNote(v, "regex budget of the message spent (3 aborted matches)"), Notes(v));

  // With a budget of 100 every trap is tried, and aborts, on its own.
  c.limits.regex_aborts_per_message = 100;
  Verdict all = Run(c, std::string(kHead) + "Content-Type: text/plain\n\n" + body);
  aborted = 0;
  for (const auto& n : all.notes) aborted += n.find("aborted: regex match limit") != std::string::npos;
  CHECK_MESSAGE(aborted == 30, Notes(all));
  CHECK_FALSE(HasNote(all, "regex budget of the message spent"));
  std::filesystem::remove_all(dir);
}
