// ohm-milter: the daemon. Loads and validates the configuration, binds the
// milter socket, drops root, then serves libmilter connections while the main
// thread waits for signals (SIGHUP reloads, SIGTERM/SIGINT stop).
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>

#include <CLI/CLI.hpp>
#include <libmilter/mfapi.h>

#include "config/config.h"
#include "daemon/coalescing_worker.h"
#include "daemon/daemon_state.h"
#include "daemon/dns_check_worker.h"
#include "daemon/milter_session.h"
#include "daemon/prefilter_builder.h"
#include "daemon/prefilter_cache_check.h"
#include "daemon/privileges.h"
#include "guard/store_factory.h"
#include "log/message_log.h"
#include "pipeline/pipeline.h"

namespace {

int Fail(const std::string& message, int code) {
  std::fprintf(stderr, "ohm-milter: %s\n", message.c_str());
  return code;
}

// Loads config and builds the pipeline (its rules' prefilter deferred: see
// Pipeline::Build), printing every error. Returns nullptr on error.
std::shared_ptr<const ohm::Pipeline> LoadAll(const std::string& path, ohm::Config* config) {
  std::vector<std::string> errors;
  for (const auto& e : ohm::LoadConfig(path, config)) errors.push_back(e.ToString());
  std::shared_ptr<const ohm::Pipeline> pipeline;
  if (errors.empty()) pipeline = ohm::Pipeline::Build(*config, &errors, /*defer_prefilter=*/true);
  for (const auto& e : errors) std::fprintf(stderr, "ohm-milter: %s\n", e.c_str());
  return pipeline;
}

// A message log file created by root must stay writable after the switch to milter.user.
void HandLogFileTo(const std::string& path, const std::string& user) {
  if (geteuid() != 0 || path.empty() || path == "stderr" || path == "syslog") return;
  ohm::UserIds ids;
  std::string error;
  if (ohm::LookupUser(user, &ids, &error)) {
    if (chown(path.c_str(), ids.uid, ids.gid) != 0) { /* reported by the first failed write */ }
  }
}

// Creates `dir` when it is missing (not its parents), as the milter user's
// when running as root. An existing directory is left as it is: its owner is
// the administrator's choice, and its users say when they cannot use it.
void CreateDirectoryFor(const std::string& dir, const ohm::UserIds* ids) {
  struct stat st;
  if (dir.empty() || stat(dir.c_str(), &st) == 0 || mkdir(dir.c_str(), 0750) != 0) return;
  if (ids != nullptr && chown(dir.c_str(), ids->uid, ids->gid) != 0) { /* reported by its first use */ }
}

// The guard's SQLite file (and its WAL files) must be the milter user's: the
// daemon opens it after dropping root. A missing parent directory is created
// for that user (like /var/lib/ohm), an existing file is handed over.
void PrepareGuardState(const ohm::GuardSettings& guard, const std::string& user) {
  if (!guard.enabled || guard.store != "sqlite" || geteuid() != 0) return;
  ohm::UserIds ids;
  std::string error;
  if (!ohm::LookupUser(user, &ids, &error)) return;
  CreateDirectoryFor(guard.state_path.substr(0, guard.state_path.rfind('/')), &ids);
  struct stat st;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string path = guard.state_path + suffix;
    if (stat(path.c_str(), &st) == 0 && chown(path.c_str(), ids.uid, ids.gid) != 0) { /* idem */ }
  }
}

// The prefilter cache directory (like /var/cache/ohm) is written by the
// daemon after it drops root, so a missing one is created for milter.user.
void PreparePrefilterCache(const ohm::RuleSettings& rules, const std::string& user) {
  if (!rules.prefilter || rules.prefilter_cache.empty()) return;
  ohm::UserIds ids;
  std::string error;
  bool root = geteuid() == 0;
  if (root && !ohm::LookupUser(user, &ids, &error)) return;
  CreateDirectoryFor(rules.prefilter_cache, root ? &ids : nullptr);
}

// Fixes glibc's mmap threshold, which otherwise rises to the largest block
// freed so far (up to 32 MB): after the first big message, the buffers of
// the next ones come from the per-thread heaps and stay there when freed.
// With 64 connections of 10 MB mail the daemon then held 235-245 MB to the
// end of the run instead of 130-150 MB at the peak and 65-70 MB after
// (contrib/bench/soak --peak, RELIABILITY.md); small messages never
// allocate blocks this large, so their cost is unchanged.
void BoundRetainedMemory() {
  constexpr int kMmapThreshold = 256 * 1024;
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
}

}  // namespace

int main(int argc, char** argv) {
  BoundRetainedMemory();
  CLI::App app{"ohm-milter: outbound mail hygiene milter (scores, tags, holds or rejects outgoing mail)"};
  std::string config_path;
  std::string socket_override;
  bool check_only = false;
  bool foreground = true;
  app.add_option("-c,--config", config_path, "Configuration file (default: the embedded conf/ohm.toml)");
  app.add_option("-p,--socket", socket_override, "Milter socket, overrides milter.socket (inet:PORT@HOST or unix:/path)");
  app.add_flag("--check-config", check_only, "Validate the configuration and rules, print a summary, and exit (0 ok, 78 errors)");
  app.add_flag("-f,--foreground", foreground, "Stay in the foreground (the default; ohm-milter never forks, use systemd)");
  app.set_version_flag("--version", std::string("ohm-milter ") + OHM_VERSION);
  CLI11_PARSE(app, argc, argv);

  ohm::Config config;
  auto pipeline = LoadAll(config_path, &config);
  if (!pipeline) return Fail("configuration not valid; nothing started", EX_CONFIG);
  if (!socket_override.empty()) {
    if (std::string why = ohm::ValidateSocketSpec(socket_override); !why.empty())
      return Fail("--socket " + socket_override + ": " + why, EX_CONFIG);
    config.milter.socket = socket_override;
  }
  if (check_only) {
    std::printf("%s: OK (%zu rules, socket %s)\n", config.source.c_str(), pipeline->rules().List().size(),
                config.milter.socket.c_str());
    // The cache as the daemon will see it once it runs as milter.user.
    uid_t cache_uid = geteuid();
    std::string cache_user = "uid " + std::to_string(cache_uid);
    ohm::UserIds ids;
    std::string lookup_error;
    if (cache_uid == 0 && !config.milter.user.empty() && ohm::LookupUser(config.milter.user, &ids, &lookup_error)) {
      cache_uid = ids.uid;
      cache_user = config.milter.user;
    }
    std::printf("%s\n", ohm::DescribePrefilterCache(config.rules, cache_uid, cache_user).c_str());
    if (pipeline->guard().enabled)
      std::printf("guard: on (store %s, %zu limit(s))\n", pipeline->guard().store.c_str(), pipeline->guard().limits.size());
    // The records the keys need, to compare with what DNS publishes.
    if (pipeline->dkim().settings().enabled) {
      for (const ohm::SigningKey& k : pipeline->dkim().keys())
        std::printf("DKIM key %s (%s): %s IN TXT \"%s\"\n", k.entry.name.c_str(),
                    ohm::DkimAlgorithmName(k.algorithm).c_str(), k.DnsName().c_str(), k.DnsRecord().c_str());
    }
    return 0;
  }
  if (geteuid() == 0) {
    ohm::UserIds ids;
    std::string error;
    if (config.milter.user.empty()) return Fail("refusing to run as root: set milter.user", EX_CONFIG);
    if (!ohm::LookupUser(config.milter.user, &ids, &error)) return Fail("milter.user: " + error, EX_CONFIG);
  }

  std::string error;
  auto log = ohm::MakeOperationalLogger(config.log, &error);
  if (!log) return Fail(error, EX_CANTCREAT);
  auto message_log = ohm::MessageLog::Open(config.log, log, &error);
  if (!message_log) return Fail(error, EX_CANTCREAT);
  HandLogFileTo(config.log.messages, config.milter.user);
  if (config.log.operational != "stderr" && config.log.operational != "syslog")
    HandLogFileTo(config.log.operational, config.milter.user);

  auto state = std::make_unique<ohm::DaemonState>(config_path, pipeline, std::move(message_log), log);
  smfiDesc desc = ohm::MakeMilterDescription(state.get());
  if (smfi_setconn(const_cast<char*>(config.milter.socket.c_str())) != MI_SUCCESS)
    return Fail("cannot use socket " + config.milter.socket, EX_CONFIG);
  if (smfi_settimeout(config.milter.timeout_seconds) != MI_SUCCESS) return Fail("bad milter.timeout", EX_CONFIG);
  if (smfi_register(desc) != MI_SUCCESS) return Fail("smfi_register failed", EX_SOFTWARE);
  umask(0777 & ~config.milter.socket_mode);
  if (smfi_opensocket(true) != MI_SUCCESS)
    return Fail("cannot bind " + config.milter.socket + " (in use, or no permission?)", EX_UNAVAILABLE);
  umask(022);
  std::string_view sock = config.milter.socket;
  if (geteuid() == 0 && (sock.rfind("unix:", 0) == 0 || sock.rfind("local:", 0) == 0)) {
    std::string path(sock.substr(sock.find(':') + 1));
    ohm::UserIds ids;
    if (ohm::LookupUser(config.milter.user, &ids, &error) && chown(path.c_str(), ids.uid, ids.gid) != 0)
      log->warn("cannot chown socket {}: {}", path, std::strerror(errno));
    chmod(path.c_str(), config.milter.socket_mode);
  }
  PrepareGuardState(pipeline->guard(), config.milter.user);
  PreparePrefilterCache(config.rules, config.milter.user);
  if (!ohm::DropPrivileges(config.milter.user, &error)) return Fail(error, EX_NOPERM);
  if (pipeline->guard().enabled) {
    auto store = ohm::OpenGuardStore(pipeline->guard(), &error);
    if (!store) return Fail(error, EX_CANTCREAT);
    state->StartGuard(std::move(store));
    log->info("guard: on, store {} ({}), {} limit(s)", pipeline->guard().store,
              pipeline->guard().store == "sqlite" ? pipeline->guard().state_path : "redis",
              pipeline->guard().limits.size());
  }

  // Signals are taken by this thread alone with sigwait. It is the process's
  // main thread, which Linux prefers for process-directed signals, so SIGHUP
  // reloads here instead of reaching libmilter's own handler (which would stop).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  ohm::LogDkimKeys(*log, *pipeline);
  log->info("ohm-milter {} listening on {} as uid {}; configuration {}; {} rules", OHM_VERSION,
            config.milter.socket, getuid(), config.source, pipeline->rules().List().size());
  std::atomic<bool> stopping{false};
  int milter_result = 0;
  std::thread milter_thread([&] {
    milter_result = smfi_main();
    if (!stopping) kill(getpid(), SIGTERM);  // libmilter stopped on its own: end the signal loop too
  });
  // The signing domains' DNS is checked in the background, never on the
  // message path; it logs what receivers will find wrong.
  ohm::DnsCheckWorker dns_checker([&state] { return state->pipeline(); }, log, ohm::doctor::MakeLdnsDnsClient);
  dns_checker.Request();
  // The rules' prefilter is built after the socket listens and after each
  // reload, on a thread of its own: compiling it takes about a second (ten
  // under a sanitizer build), and mail meanwhile runs on PCRE2 alone.
  ohm::PrefilterBuilder prefilter_builder(state.get());
  prefilter_builder.Request();
  // Reloads run on their own thread so this one is back in sigwait at once:
  // a signal arriving while no thread waits for it could reach libmilter's handler.
  ohm::CoalescingWorker reloader([&state, &dns_checker, &prefilter_builder] {
    if (!state->Reload()) return;
    prefilter_builder.Request();
    dns_checker.Request();
  });
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      log->info("SIGHUP: reloading configuration and rules");
      reloader.Request();
      continue;
    }
    log->info("signal {}: stopping", sig);
    stopping = true;
    smfi_stop();
    break;
  }
  milter_thread.join();
  reloader.Stop();
  bool compiling = prefilter_builder.Abandon();  // a stop never waits for a compile
  dns_checker.Stop();
  log->info("stopped");
  int code = milter_result == MI_SUCCESS ? 0 : EX_SOFTWARE;
  if (compiling) {
    // The abandoned compile's thread must not meet exit()'s destruction of
    // the libraries' static objects: close what holds data (message log,
    // guard store), flush, and end here.
    state.reset();
    log->flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}
