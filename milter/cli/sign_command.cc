#include "cli/sign_command.h"

#include <cstdio>
#include <memory>

#include "cli/cli_context.h"
#include "dkim/sign_message.h"

namespace ohm {

namespace {

struct SignOptions {
  std::string file;
  std::string mail_from;
  bool quiet = false;
};

int RunSign(const SignOptions& o, const std::string& config_path) {
  auto pipeline = LoadCliPipeline(config_path);
  if (!pipeline) return kExitConfig;
  std::string bytes, error;
  if (!ReadInput(o.file, &bytes, &error)) {
    std::fprintf(stderr, "ohm: %s\n", error.c_str());
    return kExitNoInput;
  }
  const HeaderSettings& verdict_headers = pipeline->config().headers;
  SignedMessage m = SignMessageBytes(pipeline->dkim(), o.mail_from, bytes, [&](std::string_view name) {
    return IsVerdictHeader(verdict_headers, name);
  });
  std::fwrite(m.bytes.data(), 1, m.bytes.size(), stdout);
  std::fflush(stdout);
  if (!o.quiet || !m.signed_ok) std::fprintf(stderr, "ohm sign: %s\n", m.status.c_str());
  return m.signed_ok ? 0 : 1;
}

}  // namespace

void AddSignCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  auto opts = std::make_shared<SignOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sign", "DKIM-sign a message as the milter would (keys and signing table from the configuration) "
              "and print it; exit 0 signed, 1 not signed");
  cmd->add_option("file", opts->file, "Message file (RFC 5322), or - for standard input")->required();
  cmd->add_option("--from", opts->mail_from, "Envelope sender, used when dkim.sign_by is envelope_from");
  cmd->add_flag("-q,--quiet", opts->quiet, "Print nothing on standard error when the message was signed");
  cmd->callback([opts, config_path, exit_code] { *exit_code = RunSign(*opts, *config_path); });
}

}  // namespace ohm
