// `ohm keygen --domain D --selector S [--algorithm rsa|ed25519] [--bits N] [--out DIR]`:
// writes a new DKIM private key (mode 0600) and prints the DNS TXT record to
// publish and the [[dkim.keys]] entry to add.
#ifndef OHM_CLI_KEYGEN_COMMAND_H_
#define OHM_CLI_KEYGEN_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

namespace ohm {

// Adds the "keygen" subcommand. Exit codes: 0 written, 64 usage (bad domain,
// selector or bits), 73 the key file exists or cannot be created.
void AddKeygenCommand(CLI::App& app, int* exit_code);

}  // namespace ohm

#endif  // OHM_CLI_KEYGEN_COMMAND_H_
