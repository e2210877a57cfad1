#include "daemon/milter_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <map>
#include <string>

#include "log/verdict_json.h"

namespace ohm {

namespace {

// libmilter gives callbacks no user pointer before connect, so the state
// reaches them through this pointer, written once before smfi_main starts.
DaemonState* g_state = nullptr;

struct MilterSession {
  Envelope connection;  // connection-level fields (client, HELO, daemon name)
  // Per message:
  std::shared_ptr<const Pipeline> pipeline;  // snapshot taken at MAIL FROM
  Envelope envelope;
  RawMessage raw;
  ScopeDecision scope;
  CollectLimits limits;
  bool has_forged_verdict_headers = false;  // incoming X-Ohm-* headers, removed at end of message
  bool message_open = false;
  // Negotiated: the MTA expects no reply to header / body callbacks.
  bool no_reply_header = false;
  bool no_reply_body = false;

  void ResetMessage() {
    pipeline.reset();
    envelope = connection;
    raw = RawMessage{};
    scope = ScopeDecision{};
    has_forged_verdict_headers = false;
    message_open = false;
  }
};

MilterSession* SessionOf(SMFICTX* ctx) { return static_cast<MilterSession*>(smfi_getpriv(ctx)); }

std::string Macro(SMFICTX* ctx, const char* name) {
  const char* v = smfi_getsymval(ctx, const_cast<char*>(name));
  return v ? v : "";
}

std::string StripAngles(const char* arg) {
  std::string s = arg ? arg : "";
  if (s.size() >= 2 && s.front() == '<') {
    auto close = s.find('>');
    if (close != std::string::npos) s = s.substr(1, close - 1);
  }
  return s;
}

std::string AddressText(const sockaddr* sa) {
  if (!sa) return "";
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

int PortOf(const sockaddr* sa) {
  if (sa && sa->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(sa)->sin_port);
  if (sa && sa->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_port);
  return -1;
}

void WriteLog(const MilterSession& s, const Verdict& v) {
  MessageFacts facts;
  facts.message_id = MessageIdOf(s.raw);
  facts.size = s.raw.WireSize();
  g_state->message_log().Write(LogRecord(s.envelope, facts, v));
}

// Returns the connection's session, creating it if negotiation did not.
MilterSession* EnsureSession(SMFICTX* ctx) {
  MilterSession* s = SessionOf(ctx);
  if (!s) {
    s = new (std::nothrow) MilterSession();
    if (s) smfi_setpriv(ctx, s);
  }
  return s;
}

sfsistat OnConnect(SMFICTX* ctx, char* hostname, _SOCK_ADDR* hostaddr) {
  MilterSession* s = EnsureSession(ctx);
  if (!s) return SMFIS_TEMPFAIL;
  s->connection.client_name = hostname ? hostname : "";
  s->connection.client_addr = AddressText(hostaddr);
  s->connection.daemon_name = Macro(ctx, "{daemon_name}");
  // Sendmail gives no address for local submission. Postfix's cleanup server
  // presents non-SMTP mail (sendmail(1), pickup) as coming from localhost,
  // 127.0.0.1 port 0, a port no real TCP client has; an admin may also name
  // that path with milter_macro_daemon_name=cleanup or pickup.
  const std::string& d = s->connection.daemon_name;
  s->connection.local_submission = hostaddr == nullptr || PortOf(hostaddr) == 0 || d == "cleanup" || d == "pickup";
  g_state->log().debug("connect from {} [{}] port {} daemon '{}'", s->connection.client_name,
                       s->connection.client_addr, PortOf(hostaddr), d);
  return SMFIS_CONTINUE;
}

sfsistat OnHelo(SMFICTX* ctx, char* helo) {
  if (MilterSession* s = SessionOf(ctx)) s->connection.helo = helo ? helo : "";
  return SMFIS_CONTINUE;
}

sfsistat OnEnvFrom(SMFICTX* ctx, char** argv) {
  MilterSession* s = SessionOf(ctx);
  if (!s) return SMFIS_TEMPFAIL;
  s->ResetMessage();
  s->message_open = true;
  s->pipeline = g_state->pipeline();
  s->limits = s->pipeline->collect_limits();
  s->envelope.mail_from = StripAngles(argv ? argv[0] : nullptr);
  s->envelope.auth_user = Macro(ctx, "{auth_authen}");
  s->envelope.queue_id = Macro(ctx, "i");
  s->scope = s->pipeline->Scope(s->envelope);
  return SMFIS_CONTINUE;
}

sfsistat OnEnvRcpt(SMFICTX* ctx, char** argv) {
  MilterSession* s = SessionOf(ctx);
  if (s && argv && argv[0]) s->envelope.rcpt_to.push_back(StripAngles(argv[0]));
  return SMFIS_CONTINUE;
}

sfsistat OnHeader(SMFICTX* ctx, char* name, char* value) {
  MilterSession* s = SessionOf(ctx);
  if (!s) return SMFIS_CONTINUE;
  sfsistat ok = s->no_reply_header ? SMFIS_NOREPLY : SMFIS_CONTINUE;
  if (!s->message_open) return ok;
  std::string n = name ? name : "";
  if (IsVerdictHeader(s->pipeline->config().headers, n)) s->has_forged_verdict_headers = true;
  AddHeader(&s->raw, std::move(n), value ? value : "", s->limits);
  return ok;
}

sfsistat OnEndOfHeaders(SMFICTX* ctx) {
  MilterSession* s = SessionOf(ctx);
  if (!s || !s->message_open) return SMFIS_CONTINUE;
  if (!s->scope.in_scope) {
    // Out of scope: log it by Message-ID and let the MTA stop calling us for this message.
    Verdict v;
    v.in_scope = false;
    v.scope_reason = s->scope.reason;
    s->envelope.queue_id = s->envelope.queue_id.empty() ? Macro(ctx, "i") : s->envelope.queue_id;
    WriteLog(*s, v);
    s->ResetMessage();
    return SMFIS_ACCEPT;
  }
  return SMFIS_CONTINUE;
}

sfsistat OnBody(SMFICTX* ctx, unsigned char* chunk, size_t len) {
  MilterSession* s = SessionOf(ctx);
  if (!s) return SMFIS_CONTINUE;
  sfsistat ok = s->no_reply_body ? SMFIS_NOREPLY : SMFIS_CONTINUE;
  if (!s->message_open) return ok;
  AppendBody(&s->raw, std::string_view(reinterpret_cast<const char*>(chunk), len), s->limits);
  return ok;
}

void RemoveForgedVerdictHeaders(SMFICTX* ctx, const MilterSession& s) {
  // Walk the headers as received so each removal uses the name as written.
  std::map<std::string, int> seen;
  for (const HeaderField& h : s.raw.headers) {
    if (!IsVerdictHeader(s.pipeline->config().headers, h.name)) continue;
    ++seen[h.name];
  }
  for (const auto& [name, count] : seen) {
    // Remove from the last to the first so indexes stay valid.
    for (int i = count; i >= 1; --i) smfi_chgheader(ctx, const_cast<char*>(name.c_str()), i, nullptr);
  }
}

sfsistat OnEndOfMessage(SMFICTX* ctx) {
  MilterSession* s = SessionOf(ctx);
  if (!s || !s->message_open) return SMFIS_CONTINUE;
  std::string qid = Macro(ctx, "i");
  if (!qid.empty()) s->envelope.queue_id = qid;

  Verdict v = s->pipeline->Evaluate(s->envelope, s->raw);
  sfsistat result = SMFIS_CONTINUE;
  switch (v.action) {
    case Action::kReject: {
      std::string text = EscapeReplyText("Message refused by outbound policy: " + v.action_reason);
      smfi_setreply(ctx, const_cast<char*>("550"), const_cast<char*>("5.7.1"), const_cast<char*>(text.c_str()));
      result = SMFIS_REJECT;
      break;
    }
    case Action::kTempfail: {
      std::string text = EscapeReplyText("Message deferred by outbound policy: " + v.action_reason);
      smfi_setreply(ctx, const_cast<char*>("451"), const_cast<char*>("4.7.1"), const_cast<char*>(text.c_str()));
      result = SMFIS_TEMPFAIL;
      break;
    }
    case Action::kHold: {
      std::string reason = "ohm: " + v.action_reason;
      if (smfi_quarantine(ctx, const_cast<char*>(reason.c_str())) != MI_SUCCESS) {
        v.notes.push_back("quarantine request failed: the MTA did not accept the hold");
      }
      [[fallthrough]];
    }
    case Action::kTag:
    case Action::kAccept: {
      if (s->has_forged_verdict_headers) RemoveForgedVerdictHeaders(ctx, *s);
      for (const HeaderField& h : s->pipeline->VerdictHeadersFor(s->envelope, v)) {
        smfi_addheader(ctx, const_cast<char*>(h.name.c_str()), const_cast<char*>(h.value.c_str()));
      }
      break;
    }
  }
  WriteLog(*s, v);
  s->ResetMessage();
  return result;
}

sfsistat OnAbort(SMFICTX* ctx) {
  if (MilterSession* s = SessionOf(ctx)) s->ResetMessage();
  return SMFIS_CONTINUE;
}

sfsistat OnClose(SMFICTX* ctx) {
  delete SessionOf(ctx);
  smfi_setpriv(ctx, nullptr);
  return SMFIS_CONTINUE;
}

sfsistat OnNegotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long f2, unsigned long f3,
                     unsigned long* pf0, unsigned long* pf1, unsigned long* pf2, unsigned long* pf3) {
  MilterSession* s = EnsureSession(ctx);
  if (!s) return SMFIS_TEMPFAIL;
  *pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE);
  // Steps ohm has no use for are skipped; replies to header and body chunks are
  // not needed (no per-chunk decision), which saves a round trip per chunk.
  unsigned long wanted = SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_NR_HDR | SMFIP_NR_BODY;
  *pf1 = f1 & wanted;
  s->no_reply_header = (*pf1 & SMFIP_NR_HDR) != 0;
  s->no_reply_body = (*pf1 & SMFIP_NR_BODY) != 0;
  *pf2 = 0;
  *pf3 = 0;
  return SMFIS_CONTINUE;
}

}  // namespace

std::string EscapeReplyText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%') out += "%%";
    else if (c == '\r' || c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

smfiDesc MakeMilterDescription(DaemonState* state) {
  g_state = state;
  smfiDesc d{};
  d.xxfi_name = const_cast<char*>("ohm");
  d.xxfi_version = SMFI_VERSION;
  d.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE;
  d.xxfi_connect = OnConnect;
  d.xxfi_helo = OnHelo;
  d.xxfi_envfrom = OnEnvFrom;
  d.xxfi_envrcpt = OnEnvRcpt;
  d.xxfi_header = OnHeader;
  d.xxfi_eoh = OnEndOfHeaders;
  d.xxfi_body = OnBody;
  d.xxfi_eom = OnEndOfMessage;
  d.xxfi_abort = OnAbort;
  d.xxfi_close = OnClose;
  d.xxfi_negotiate = OnNegotiate;
  return d;
}

}  // namespace ohm
