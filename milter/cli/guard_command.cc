#include "cli/guard_command.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/cli_context.h"
#include "guard/breaker_policy.h"
#include "guard/clock.h"
#include "guard/message_keys.h"
#include "guard/store_factory.h"

namespace ohm {

namespace {

constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE
// How long after a release the volume-rise condition stays quiet: the rise is
// measured over an hour, and the burst just judged is still in it.
constexpr int64_t kReleaseGrace = 3600;

std::string TimeText(int64_t t) {
  if (t == 0) return "-";
  time_t tt = static_cast<time_t>(t);
  tm parts;
  gmtime_r(&tt, &parts);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buf;
}

struct GuardOptions {
  std::string state;  // overrides guard.state_path
  bool json = false;
  size_t top = 10;
  std::string sender;
};

// A state file created by root here must stay the daemon's (milter.user).
void HandStateTo(const GuardSettings& s, const std::string& user) {
  if (geteuid() != 0 || s.store != "sqlite" || user.empty()) return;
  struct passwd* pw = getpwnam(user.c_str());
  if (!pw) return;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string path = s.state_path + suffix;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && st.st_uid == 0 && chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      std::fprintf(stderr, "ohm: cannot hand %s to %s\n", path.c_str(), user.c_str());
    }
  }
}

// Loads the [guard] settings and opens their store; prints errors and sets *exit_code.
std::unique_ptr<GuardStore> OpenStore(const GuardOptions& o, const std::string& config_path, bool create,
                                      GuardSettings* settings, std::string* user, int* exit_code) {
  Config config;
  if (!LoadCliConfig(config_path, &config)) { *exit_code = kExitConfig; return nullptr; }
  std::vector<std::string> errors;
  if (!ParseGuardSettings(config.guard.get(), config.source, settings, &errors)) {
    for (const auto& e : errors) std::fprintf(stderr, "ohm: %s\n", e.c_str());
    *exit_code = kExitConfig;
    return nullptr;
  }
  *user = config.milter.user;
  if (!o.state.empty()) {
    settings->store = "sqlite";
    settings->state_path = o.state;
  }
  if (!settings->enabled) std::fprintf(stderr, "ohm: note: guard.enabled is false in %s\n", config.source.c_str());
  struct stat st;
  if (!create && settings->store == "sqlite" && stat(settings->state_path.c_str(), &st) != 0) {
    std::fprintf(stderr, "ohm: no guard state at %s (has ohm-milter run with the guard on?)\n",
                 settings->state_path.c_str());
    *exit_code = kExitNoInput;
    return nullptr;
  }
  std::string error;
  auto store = OpenGuardStore(*settings, &error);
  if (!store) {
    std::fprintf(stderr, "ohm: %s\n", error.c_str());
    *exit_code = kExitUnavailable;
  }
  HandStateTo(*settings, *user);
  return store;
}

void PrintStatus(const StoreStatus& st) {
  std::printf("Tripped breakers (mail held):\n");
  size_t tripped = 0;
  for (const BreakerState& b : st.breakers) {
    if (!b.tripped) continue;
    ++tripped;
    std::printf("  %s  since %s, %s\n    %s\n", b.sender == kServerBreaker ? "* (whole server)" : b.sender.c_str(),
                TimeText(b.since).c_str(), b.until == 0 ? "until released" : ("until " + TimeText(b.until)).c_str(),
                b.reason.c_str());
    for (const auto& id : b.message_ids) std::printf("    message %s\n", id.c_str());
  }
  if (tripped == 0) std::printf("  none\n");
  for (const BreakerState& b : st.breakers) {
    if (!b.tripped) std::printf("Released: %s at %s\n", b.sender.c_str(), TimeText(b.since).c_str());
  }
  std::printf("\nTop senders by messages, last hour:\n");
  if (st.top_volume.empty()) std::printf("  none\n");
  for (const CounterTotal& t : st.top_volume) std::printf("  %8lld  %s\n", static_cast<long long>(t.count), t.key.c_str());
  std::printf("\nTop senders by summed score, last hour:\n");
  if (st.top_score.empty()) std::printf("  none\n");
  for (const CounterTotal& t : st.top_score)
    std::printf("  %8s  %s\n", FormatScore(static_cast<double>(t.count) / 100.0).c_str(), t.key.c_str());
  std::printf("\nRate-limit counters (class:m messages / :r recipients | window seconds | key):\n");
  if (st.counters.empty()) std::printf("  none\n");
  for (const CounterTotal& t : st.counters) std::printf("  %8lld  %s\n", static_cast<long long>(t.count), t.key.c_str());
}

}  // namespace

nlohmann::json GuardStatusJson(const StoreStatus& st) {
  nlohmann::json breakers = nlohmann::json::array(), volume = nlohmann::json::array(),
                 score = nlohmann::json::array(), counters = nlohmann::json::array();
  for (const BreakerState& b : st.breakers) {
    breakers.push_back({{"sender", b.sender}, {"tripped", b.tripped}, {"since", b.since}, {"until", b.until},
                        {"reason", b.reason}, {"message_ids", b.message_ids}});
  }
  for (const CounterTotal& t : st.top_volume) volume.push_back({{"sender", t.key}, {"messages", t.count}});
  for (const CounterTotal& t : st.top_score) score.push_back({{"sender", t.key}, {"score", t.count / 100.0}});
  for (const CounterTotal& t : st.counters) counters.push_back({{"key", t.key}, {"count", t.count}});
  return {{"breakers", breakers}, {"top_volume", volume}, {"top_score", score}, {"counters", counters}};
}

void AddGuardCommand(CLI::App& app, const std::string* config_path, int* exit_code) {
  CLI::App* guard = app.add_subcommand("guard", "Volume guard: counters, top senders, tripped breakers; release or trip a sender");
  guard->require_subcommand(1);
  auto o = std::make_shared<GuardOptions>();
  auto add_state = [o](CLI::App* cmd) {
    cmd->add_option("--state", o->state, "SQLite state file (default: guard.state_path of the configuration)");
  };

  CLI::App* status = guard->add_subcommand("status", "Counters, top senders by volume and score, tripped breakers");
  status->add_flag("--json", o->json, "Print the status as JSON");
  status->add_option("--top", o->top, "Entries per list (default 10)");
  add_state(status);
  status->callback([o, config_path, exit_code] {
    GuardSettings settings;
    std::string user;
    auto store = OpenStore(*o, *config_path, false, &settings, &user, exit_code);
    if (!store) return;
    StoreStatus st;
    std::string error;
    if (!store->Status(SystemClock().NowSeconds(), o->top, &st, &error)) {
      std::fprintf(stderr, "ohm: %s\n", error.c_str());
      *exit_code = kExitUnavailable;
      return;
    }
    if (o->json) std::cout << GuardStatusJson(st).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else PrintStatus(st);
    *exit_code = 0;
  });

  auto change = [o, config_path, exit_code](bool trip) {
    GuardSettings settings;
    std::string user;
    auto store = OpenStore(*o, *config_path, true, &settings, &user, exit_code);
    if (!store) return;
    std::string sender = NormalizeIdentity(o->sender);
    int64_t now = SystemClock().NowSeconds();
    BreakerState row = trip ? ManualTrip(sender, now) : Release(sender, now, kReleaseGrace);
    std::string error;
    if (!store->Put(row, &error)) {
      std::fprintf(stderr, "ohm: %s\n", error.c_str());
      *exit_code = kExitUnavailable;
      return;
    }
    HandStateTo(settings, user);
    std::printf("%s: breaker %s\n", sender.c_str(),
                trip ? "tripped: its mail is held until `ohm guard release`"
                     : "released: its new mail flows (held messages: postsuper -H)");
    *exit_code = 0;
  };
  CLI::App* release = guard->add_subcommand("release", "Release a sender's breaker (\"*\": the server-wide breaker)");
  release->add_option("sender", o->sender, "Authenticated user or envelope sender, as the log's alert names it")->required();
  add_state(release);
  release->callback([change] { change(false); });
  CLI::App* trip = guard->add_subcommand("trip", "Trip a sender's breaker by hand: its mail is held until released");
  trip->add_option("sender", o->sender, "Authenticated user or envelope sender (\"*\": all outbound mail)")->required();
  add_state(trip);
  trip->callback([change] { change(true); });
}

}  // namespace ohm
