// ohm-milter-load: a milter load generator that speaks the milter protocol
// (version 6) to a milter socket the way Postfix does: option negotiation,
// macros before each step, connect/helo once per connection, then per message
// MAIL, RCPT, headers, end of headers, body in chunks, end of message, and an
// abort before the next message on the same connection. N connections run in
// parallel over a directory of messages for a set time or count.
//
// It honours the protocol flags the milter returns (SMFIP_NO* steps are not
// sent, SMFIP_NR_* steps get no reply), sets TCP_NODELAY and TCP_QUICKACK so
// it never measures its own delayed-ACK stall, and checks each reply: with
// --expect-header NAME, a message passed on without that header added counts
// as a failure, so a fast wrong answer cannot score.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

namespace {

struct Options {
  std::string socket;
  std::string dir;
  int concurrency = 1;
  double seconds = 10;
  long count = 0;  // total messages; 0 = run for `seconds`
  std::string auth = "bench";
  std::string expect_header;
  size_t chunk = 65535;
};

struct Message {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct Totals {
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::map<std::string, long> actions;
  long failures = 0;
  std::vector<std::string> failure_samples;
};

using Clock = std::chrono::steady_clock;

// Splits a message file into unfolded-as-sent header fields and a CRLF body.
Message LoadMessage(const std::string& text) {
  Message m;
  std::string s;
  s.reserve(text.size() + text.size() / 20);
  for (size_t i = 0; i < text.size(); ++i) {  // LF -> CRLF, as the MTA would send it
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) s += '\r';
    s += text[i];
  }
  size_t pos = 0;
  while (pos < s.size()) {
    size_t eol = s.find("\r\n", pos);
    if (eol == std::string::npos) eol = s.size();
    if (eol == pos) {
      pos += 2;
      break;
    }
    std::string line = s.substr(pos, eol - pos);
    if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {
      m.headers.back().second += "\r\n" + line;
    } else {
      size_t colon = line.find(':');
      if (colon == std::string::npos) {
        pos = eol + 2;
        continue;
      }
      std::string value = line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      m.headers.emplace_back(line.substr(0, colon), value);
    }
    pos = eol + 2;
  }
  m.body = pos < s.size() ? s.substr(pos) : "";
  return m;
}

class Connection {
 public:
  explicit Connection(const Options& o) : o_(o) {}
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }

  bool Open(std::string* error) {
    const std::string& spec = o_.socket;
    if (spec.rfind("inet:", 0) == 0) {
      size_t at = spec.find('@');
      std::string port = spec.substr(5, at - 5);
      std::string host = at == std::string::npos ? "127.0.0.1" : spec.substr(at + 1);
      addrinfo hints{}, *res = nullptr;
      hints.ai_socktype = SOCK_STREAM;
      if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return Fail(error, "resolve " + spec);
      fd_ = socket(res->ai_family, SOCK_STREAM, 0);
      int rc = connect(fd_, res->ai_addr, res->ai_addrlen);
      freeaddrinfo(res);
      if (rc != 0) return Fail(error, "connect " + spec + ": " + std::strerror(errno));
      int one = 1;
      setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      tcp_ = true;
    } else if (spec.rfind("unix:", 0) == 0 || spec.rfind("local:", 0) == 0) {
      sockaddr_un sa{};
      sa.sun_family = AF_UNIX;
      std::string path = spec.substr(spec.find(':') + 1);
      std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
      fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
      if (connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        return Fail(error, "connect " + spec + ": " + std::strerror(errno));
    } else {
      return Fail(error, "socket must be inet:PORT@HOST or unix:/path");
    }
    // Negotiate: offer every action and step; keep what the milter asks for.
    std::string neg(12, '\0');
    PutU32(&neg[0], SMFI_PROT_VERSION);
    PutU32(&neg[4], SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE | SMFIF_CHGBODY | SMFIF_ADDRCPT |
                        SMFIF_DELRCPT | SMFIF_CHGFROM | SMFIF_ADDRCPT_PAR | SMFIF_SETSYMLIST);
    PutU32(&neg[8], SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_DATA |
                        SMFIP_NR_UNKN | SMFIP_NR_EOH | SMFIP_NR_BODY | SMFIP_NR_HDR | SMFIP_NOCONNECT |
                        SMFIP_NOHELO | SMFIP_NOMAIL | SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS | SMFIP_NOEOH |
                        SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_SKIP | SMFIP_HDR_LEADSPC);
    if (!Send(SMFIC_OPTNEG, neg)) return Fail(error, "write optneg");
    char cmd;
    std::string data;
    if (!Read(&cmd, &data) || cmd != SMFIC_OPTNEG || data.size() < 12) return Fail(error, "bad optneg reply");
    proto_ = GetU32(&data[8]);
    // Connection-level steps, with Postfix's macros.
    Macro(SMFIC_CONNECT, {{"j", "bench.example.com"}, {"{daemon_name}", "bench"}, {"_", "client.example [198.51.100.9]"}});
    std::string conn = std::string("client.example") + '\0' + SMFIA_INET + std::string("\x30\x39", 2) + "198.51.100.9" + '\0';
    if (!Step(SMFIC_CONNECT, conn, SMFIP_NOCONNECT, SMFIP_NR_CONN)) return Fail(error, "connect step");
    Macro(SMFIC_HELO, {});
    if (!Step(SMFIC_HELO, std::string("client.example") + '\0', SMFIP_NOHELO, SMFIP_NR_HELO))
      return Fail(error, "helo step");
    return true;
  }

  // Sends one message; returns the final action name ("accept", "reject", ...)
  // or "" on a protocol failure. Sets *added_header when expect_header was added.
  std::string Send(const Message& m, long seq, bool* added_header) {
    *added_header = false;
    std::string qid = "Q" + std::to_string(seq);
    Macro(SMFIC_MAIL, {{"i", qid}, {"{auth_authen}", o_.auth}, {"{mail_addr}", "bench@example.com"}});
    char r = StepReply(SMFIC_MAIL, std::string("<bench@example.com>") + '\0', SMFIP_NOMAIL, SMFIP_NR_MAIL);
    if (r != SMFIR_CONTINUE) return Final(r);
    Macro(SMFIC_RCPT, {{"{rcpt_addr}", "rcpt@example.net"}});
    r = StepReply(SMFIC_RCPT, std::string("<rcpt@example.net>") + '\0', SMFIP_NORCPT, SMFIP_NR_RCPT);
    if (r != SMFIR_CONTINUE) return Final(r);
    if (!(proto_ & SMFIP_NOHDRS)) {
      for (const auto& [name, value] : m.headers) {
        std::string v = (proto_ & SMFIP_HDR_LEADSPC) ? " " + value : value;
        r = StepReply(SMFIC_HEADER, name + '\0' + v + '\0', 0, SMFIP_NR_HDR);
        if (r != SMFIR_CONTINUE) return Final(r);
      }
    }
    r = StepReply(SMFIC_EOH, "", SMFIP_NOEOH, SMFIP_NR_EOH);
    if (r != SMFIR_CONTINUE) return Final(r);
    if (!(proto_ & SMFIP_NOBODY)) {
      for (size_t off = 0; off < m.body.size(); off += o_.chunk) {
        r = StepReply(SMFIC_BODY, m.body.substr(off, o_.chunk), 0, SMFIP_NR_BODY);
        if (r == SMFIR_SKIP) break;
        if (r != SMFIR_CONTINUE) return Final(r);
      }
    }
    if (!Send(SMFIC_BODYEOB, "")) return "";
    for (;;) {
      char cmd;
      std::string data;
      if (!Read(&cmd, &data)) return "";
      if (cmd == SMFIR_ADDHEADER || cmd == SMFIR_INSHEADER) {
        // insheader carries a 4-byte index first.
        std::string name = cmd == SMFIR_INSHEADER && data.size() > 4 ? data.substr(4) : data;
        name = name.substr(0, name.find('\0'));
        if (!o_.expect_header.empty() && strcasecmp(name.c_str(), o_.expect_header.c_str()) == 0)
          *added_header = true;
        continue;
      }
      if (cmd == SMFIR_QUARANTINE) {
        held_ = true;
        continue;
      }
      if (cmd == SMFIR_PROGRESS || cmd == SMFIR_CHGHEADER || cmd == SMFIR_ADDRCPT || cmd == SMFIR_DELRCPT ||
          cmd == SMFIR_REPLBODY || cmd == SMFIR_CHGFROM || cmd == SMFIR_ADDRCPT_PAR)
        continue;
      std::string action = Final(cmd);
      // Postfix aborts the milter's transaction state before the next message.
      Send(SMFIC_ABORT, "");
      return action;
    }
  }

 private:
  static void PutU32(char* p, uint32_t v) {
    v = htonl(v);
    std::memcpy(p, &v, 4);
  }
  static uint32_t GetU32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return ntohl(v);
  }
  static bool Fail(std::string* error, const std::string& what) {
    *error = what;
    return false;
  }

  std::string Final(char r) {
    bool held = held_;
    held_ = false;
    switch (r) {
      case SMFIR_ACCEPT:
      case SMFIR_CONTINUE: return held ? "hold" : "accept";
      case SMFIR_REJECT: return "reject";
      case SMFIR_TEMPFAIL: return "tempfail";
      case SMFIR_DISCARD: return "discard";
      case SMFIR_REPLYCODE: return reply_code_.size() && reply_code_[0] == '4' ? "tempfail" : "reject";
      default: return "";
    }
  }

  bool Send(char cmd, const std::string& data) {
    std::string frame(5, '\0');
    PutU32(&frame[0], static_cast<uint32_t>(data.size() + 1));
    frame[4] = cmd;
    frame += data;
    const char* p = frame.data();
    size_t left = frame.size();
    while (left > 0) {
      ssize_t n = write(fd_, p, left);
      if (n <= 0) return false;
      p += n;
      left -= static_cast<size_t>(n);
    }
    return true;
  }

  bool ReadFull(char* p, size_t n) {
    while (n > 0) {
      if (tcp_) {
        int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
      }
      ssize_t got = read(fd_, p, n);
      if (got <= 0) return false;
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  bool Read(char* cmd, std::string* data) {
    char head[5];
    if (!ReadFull(head, 5)) return false;
    uint32_t len = GetU32(head);
    if (len == 0 || len > 64 * 1024 * 1024) return false;
    *cmd = head[4];
    data->assign(len - 1, '\0');
    if (len > 1 && !ReadFull(&(*data)[0], len - 1)) return false;
    if (*cmd == SMFIR_REPLYCODE) reply_code_ = *data;
    return true;
  }

  void Macro(char step, const std::vector<std::pair<std::string, std::string>>& macros) {
    std::string data(1, step);
    for (const auto& [k, v] : macros) data += k + '\0' + v + '\0';
    Send(SMFIC_MACRO, data);
  }

  // Sends a step unless the milter declined it; reads the reply unless it asked
  // for none. Returns the reply command, SMFIR_CONTINUE when none is due, 0 on error.
  char StepReply(char cmd, const std::string& data, unsigned long skip_flag, unsigned long noreply_flag) {
    if (skip_flag && (proto_ & skip_flag)) return SMFIR_CONTINUE;
    if (!Send(cmd, data)) return 0;
    if (proto_ & noreply_flag) return SMFIR_CONTINUE;
    char r;
    std::string reply;
    if (!Read(&r, &reply)) return 0;
    return r;
  }

  bool Step(char cmd, const std::string& data, unsigned long skip_flag, unsigned long noreply_flag) {
    return StepReply(cmd, data, skip_flag, noreply_flag) == SMFIR_CONTINUE;
  }

  const Options& o_;
  int fd_ = -1;
  bool tcp_ = false;
  unsigned long proto_ = 0;
  bool held_ = false;
  std::string reply_code_;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * (sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

int Usage() {
  std::fprintf(stderr,
               "usage: ohm-milter-load --socket inet:PORT@HOST --dir DIR [--concurrency N] [--seconds S | --count N]\n"
               "                       [--auth USER] [--expect-header NAME] [--chunk BYTES]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--socket") o.socket = next();
    else if (a == "--dir") o.dir = next();
    else if (a == "--concurrency") o.concurrency = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seconds") o.seconds = std::atof(next().c_str());
    else if (a == "--count") o.count = std::atol(next().c_str());
    else if (a == "--auth") o.auth = next();
    else if (a == "--expect-header") o.expect_header = next();
    else if (a == "--chunk") o.chunk = std::max<size_t>(1, std::strtoul(next().c_str(), nullptr, 10));
    else return Usage();
  }
  if (o.socket.empty() || o.dir.empty()) return Usage();

  std::vector<Message> messages;
  if (DIR* d = opendir(o.dir.c_str())) {
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(o.dir + "/" + e->d_name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
      std::ifstream in(n, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      messages.push_back(LoadMessage(ss.str()));
    }
  }
  if (messages.empty()) {
    std::fprintf(stderr, "ohm-milter-load: no messages in %s\n", o.dir.c_str());
    return 66;
  }

  Totals totals;
  std::atomic<long> issued{0};
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < o.concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<double> lat;
      std::map<std::string, long> actions;
      long failures = 0;
      std::vector<std::string> samples;
      auto conn = std::make_unique<Connection>(o);
      std::string error;
      bool open = conn->Open(&error);
      for (;;) {
        long seq = issued.fetch_add(1);
        if (o.count > 0 ? seq >= o.count : Clock::now() >= deadline) break;
        if (!open) {
          ++failures;
          if (samples.size() < 3) samples.push_back(error);
          conn = std::make_unique<Connection>(o);
          open = conn->Open(&error);
          continue;
        }
        const Message& m = messages[static_cast<size_t>(seq) % messages.size()];
        auto t0 = Clock::now();
        bool added = false;
        std::string action = conn->Send(m, seq, &added);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (action.empty()) {
          ++failures;
          if (samples.size() < 3) samples.push_back("protocol error on message " + std::to_string(seq));
          conn = std::make_unique<Connection>(o);
          open = conn->Open(&error);
          continue;
        }
        bool passed_on = action == "accept" || action == "hold";
        if (!o.expect_header.empty() && passed_on && !added) {
          ++failures;
          if (samples.size() < 3) samples.push_back("message " + std::to_string(seq) + " passed without " + o.expect_header);
        }
        lat.push_back(ms);
        ++actions[action];
      }
      std::lock_guard<std::mutex> lock(totals.mu);
      totals.latencies_ms.insert(totals.latencies_ms.end(), lat.begin(), lat.end());
      for (const auto& [k, v] : actions) totals.actions[k] += v;
      totals.failures += failures;
      for (auto& s : samples) totals.failure_samples.push_back(s);
    });
  }
  for (auto& t : workers) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(totals.latencies_ms.begin(), totals.latencies_ms.end());
  size_t done = totals.latencies_ms.size();
  std::printf("{\"messages\": %zu, \"seconds\": %.3f, \"per_second\": %.1f, \"concurrency\": %d, "
              "\"p50_ms\": %.3f, \"p95_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"failures\": %ld, \"actions\": {",
              done, elapsed, done / elapsed, o.concurrency, Percentile(totals.latencies_ms, 0.50),
              Percentile(totals.latencies_ms, 0.95), Percentile(totals.latencies_ms, 0.99),
              done ? totals.latencies_ms.back() : 0.0, totals.failures);
  bool first = true;
  for (const auto& [k, v] : totals.actions) {
    std::printf("%s\"%s\": %ld", first ? "" : ", ", k.c_str(), v);
    first = false;
  }
  std::printf("}}\n");
  for (const auto& s : totals.failure_samples) std::fprintf(stderr, "ohm-milter-load: %s\n", s.c_str());
  return totals.failures == 0 && done > 0 ? 0 : 1;
}
