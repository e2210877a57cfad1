#include "cli/check_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli_context.h"
#include "core/ascii.h"
#include "log/verdict_json.h"
#include "parse/mime_parser.h"

namespace ohm {

namespace {

struct CheckOptions {
  std::string file;
  bool json = false;
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string auth_user;
  std::string client_addr = "127.0.0.1";
  std::string helo;
};

std::string Oneline(std::string s) {
  for (char& c : s) if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  return s;
}

void PrintReport(const Pipeline& pipeline, const Envelope& env, const RawMessage& raw, const Verdict& v) {
  const Thresholds& t = pipeline.config().actions;
  std::printf("Message-ID: %s\n", MessageIdOf(raw).empty() ? "(none)" : MessageIdOf(raw).c_str());
  if (const std::string* subject = raw.Find("Subject")) {
    // As the reader sees it; the raw value too when RFC 2047 words made it differ.
    std::string raw_subject = Oneline(*subject);
    std::string shown = Oneline(DecodeUnstructuredHeader(*subject));
    std::printf("Subject:    %s\n", shown.c_str());
    if (shown != std::string(TrimWhiteSpace(raw_subject))) std::printf("            (raw: %s)\n", raw_subject.c_str());
  }
  std::printf("Action:     %s\n", std::string(ActionName(v.action)).c_str());
  std::printf("Score:      %s (tag at %s, hold at %s, reject at %s)\n", FormatScore(v.score).c_str(),
              FormatScore(t.tag).c_str(), FormatScore(t.hold).c_str(), FormatScore(t.reject).c_str());
  if (!v.action_reason.empty()) std::printf("Reason:     %s\n", v.action_reason.c_str());
  if (v.hits.empty()) {
    std::printf("\nNo rule hit.\n");
  } else {
    std::printf("\n %6s  %-28s %s\n", "score", "rule", "description");
    for (const RuleHit& h : v.hits) {
      std::printf(" %6s  %-28s %s\n", FormatScore(h.score).c_str(), h.name.c_str(), Oneline(h.description).c_str());
      if (!h.detail.empty()) std::printf(" %6s  %-28s   (%s)\n", "", "", Oneline(h.detail).c_str());
    }
  }
  if (!v.notes.empty()) {
    std::printf("\nNotes:\n");
    for (const auto& n : v.notes) std::printf("  - %s\n", Oneline(n).c_str());
  }
  std::printf("\nChecked in %.2f ms.\n", v.elapsed_ms);
}

int RunCheck(const CheckOptions& o, const std::string& config_path) {
  auto pipeline = LoadCliPipeline(config_path);
  if (!pipeline) return kExitConfig;
  std::string bytes, error;
  if (!ReadInput(o.file, &bytes, &error)) {
    std::fprintf(stderr, "ohm: %s\n", error.c_str());
    return kExitNoInput;
  }
  Envelope env;
  env.mail_from = o.mail_from;
  env.rcpt_to = o.rcpt_to;
  env.auth_user = o.auth_user;
  env.client_addr = o.client_addr;
  env.helo = o.helo;
  RawMessage raw = SplitMessage(bytes, pipeline->collect_limits());
  Verdict v = pipeline->Evaluate(env, raw);
  if (o.json) {
    std::cout << VerdictToJson(v).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    PrintReport(*pipeline, env, raw, v);
  }
  return ActionExitCode(v.action);
}

}  // namespace

void AddCheckCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Score a message offline through the milter's pipeline; exit code tells the action "
               "(0 accept, 1 tag, 2 hold, 3 reject, 4 tempfail)");
  cmd->add_option("file", opts->file, "Message file (RFC 5322), or - for standard input")->required();
  cmd->add_flag("--json", opts->json, "Print the verdict as JSON (action, score, rules[{name, score, description}], notes)");
  cmd->add_option("--from", opts->mail_from, "Envelope sender (MAIL FROM), for per-sender thresholds");
  cmd->add_option("--rcpt", opts->rcpt_to, "Envelope recipient (repeatable)");
  cmd->add_option("--auth", opts->auth_user, "SASL user the message was submitted as");
  cmd->add_option("--client", opts->client_addr, "Client address (default 127.0.0.1)");
  cmd->add_option("--helo", opts->helo, "HELO name");
  cmd->callback([opts, config_path, exit_code] { *exit_code = RunCheck(*opts, *config_path); });
}

}  // namespace ohm
