#include "daemon/milter_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "core/ascii.h"
#include "dkim/sign_message.h"
#include "dkim/signature_check.h"
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
  // DKIM: the header fields exactly as they will be passed on (value after the
  // colon, leading space included), the signer fed as the body arrives (the
  // whole body, beyond limits.max_body_bytes too), the self-check's own body
  // hash, and what the log says about signing.
  std::vector<HeaderField> exact_headers;
  std::unique_ptr<MessageSigner> signer;
  std::unique_ptr<BodyHasher> body_hash;
  std::string dkim_status;
  // Negotiated: the MTA expects no reply to header / body callbacks.
  bool no_reply_header = false;
  bool no_reply_body = false;
  // Negotiated SMFIP_HDR_LEADSPC: header values arrive with their leading white
  // space, and values ohm adds must bring their own (simple canonicalization
  // signs the space after the colon).
  bool leading_space = false;

  void ResetMessage() {
    pipeline.reset();
    envelope = connection;
    raw = RawMessage{};
    scope = ScopeDecision{};
    has_forged_verdict_headers = false;
    message_open = false;
    exact_headers.clear();
    signer.reset();
    body_hash.reset();
    dkim_status.clear();
  }

  // A header value to hand to the MTA.
  std::string ValueOut(const std::string& value) const { return leading_space ? " " + value : value; }
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
  facts.dkim = s.dkim_status;
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
  std::string_view v = value ? value : "";
  if (IsVerdictHeader(s->pipeline->config().headers, n)) s->has_forged_verdict_headers = true;
  if (s->pipeline->dkim().settings().enabled && s->scope.in_scope)
    s->exact_headers.push_back({n, s->leading_space ? std::string(v) : " " + std::string(v)});
  if (s->leading_space) v.remove_prefix(std::min(v.size(), v.find_first_not_of(" \t")));
  AddHeader(&s->raw, std::move(n), std::string(v), s->limits);
  return ok;
}

// Picks the keys and feeds the signer the header fields as they will be passed
// on: forged verdict headers are removed at end of message and never signed.
void StartSigning(SMFICTX* ctx, MilterSession* s) {
  const DkimSigner& dkim = s->pipeline->dkim();
  if (!dkim.settings().enabled) return;
  SigningPlan plan = dkim.Plan(s->envelope.mail_from, s->raw.Find("From"));
  if (!plan.sign()) {
    s->dkim_status = "not signed: " + plan.why_not;
    return;
  }
  std::string error;
  std::string id = s->envelope.queue_id.empty() ? Macro(ctx, "i") : s->envelope.queue_id;
  s->signer = dkim.Start(plan, id, &error);
  if (!s->signer) {
    s->dkim_status = "not signed: " + error;
    g_state->log().error("{}: DKIM: {}", id, error);
    return;
  }
  for (const HeaderField& h : s->exact_headers) {
    if (!IsVerdictHeader(s->pipeline->config().headers, h.name)) s->signer->Header(h.name, h.value);
  }
  s->signer->EndOfHeaders();
  // libopendkim's body hash is checked by a second, independent hasher. ohm's
  // own engine runs that same hasher code while the body streams in, so a
  // second pass would only repeat it: its bh= is taken as is.
  if (dkim.settings().self_check && dkim.settings().engine == DkimEngine::kLibopendkim)
    s->body_hash = std::make_unique<BodyHasher>(dkim.settings().body_relaxed);
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
    if (s->pipeline->dkim().settings().enabled) s->dkim_status = "not signed: out of scope";
    WriteLog(*s, v);
    s->ResetMessage();
    return SMFIS_ACCEPT;
  }
  StartSigning(ctx, s);
  return SMFIS_CONTINUE;
}

sfsistat OnBody(SMFICTX* ctx, unsigned char* chunk, size_t len) {
  MilterSession* s = SessionOf(ctx);
  if (!s) return SMFIS_CONTINUE;
  sfsistat ok = s->no_reply_body ? SMFIS_NOREPLY : SMFIS_CONTINUE;
  if (!s->message_open) return ok;
  std::string_view bytes(reinterpret_cast<const char*>(chunk), len);
  AppendBody(&s->raw, bytes, s->limits);
  if (s->signer) s->signer->Body(bytes);
  if (s->body_hash) s->body_hash->Update(bytes);
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

// Finishes the signatures, self-checks them over the header fields and body as
// they will be passed on, and inserts them at the top. Returns false when the
// message must be tempfailed (self-check failed and on_self_check_failure is
// tempfail; the reply is set and the verdict says why).
bool SignAndInsert(SMFICTX* ctx, MilterSession* s, const std::vector<HeaderField>& verdict_headers, Verdict* v) {
  const DkimSettings& settings = s->pipeline->dkim().settings();
  std::vector<MadeSignature> signatures;
  std::string error;
  if (!s->signer->Finish(&signatures, &error)) {
    s->dkim_status = "not signed: signing failed: " + error;
    g_state->log().error("{}: DKIM signing failed: {}", s->envelope.queue_id, error);
    return true;
  }
  std::string failure;
  if (settings.self_check && !signatures.empty()) {
    std::vector<HeaderField> passed_on;
    for (const HeaderField& h : s->exact_headers)
      if (!IsVerdictHeader(s->pipeline->config().headers, h.name)) passed_on.push_back(h);
    for (const HeaderField& h : verdict_headers) passed_on.push_back({h.name, " " + h.value});
    std::string body_hash = s->body_hash ? s->body_hash->FinalBase64() : SignatureTag(signatures.front().value, "bh");
    failure = SelfCheckSignatures(signatures, passed_on, body_hash);
  }
  SelfCheckDecision decision = DecideAfterSelfCheck(settings, signatures, failure);
  s->dkim_status = decision.status;
  if (!failure.empty()) {
    uint64_t total = g_state->CountSelfCheckFailure();
    g_state->log().error("{}: DKIM self-check failed ({} since start): {}", s->envelope.queue_id, total, failure);
    v->notes.push_back(decision.note);
  }
  if (decision.tempfail) {
    std::string text = EscapeReplyText("DKIM signature failed its self-check; try again later");
    smfi_setreply(ctx, const_cast<char*>("451"), const_cast<char*>("4.7.1"), const_cast<char*>(text.c_str()));
    v->action = Action::kTempfail;
    v->action_reason = "DKIM self-check failed";
    return false;
  }
  if (!decision.insert_signatures) return true;
  for (const MadeSignature& sig : signatures) {
    std::string value;
    for (char c : sig.value) if (c != '\r') value += c;  // libmilter folds with bare LF
    value = s->ValueOut(value);
    if (smfi_insheader(ctx, 0, const_cast<char*>("DKIM-Signature"), const_cast<char*>(value.c_str())) != MI_SUCCESS) {
      s->dkim_status = "not signed: the MTA refused the DKIM-Signature header";
      return true;
    }
  }
  return true;
}

sfsistat OnEndOfMessage(SMFICTX* ctx) {
  MilterSession* s = SessionOf(ctx);
  if (!s || !s->message_open) return SMFIS_CONTINUE;
  std::string qid = Macro(ctx, "i");
  if (!qid.empty()) s->envelope.queue_id = qid;

  Verdict v;
  {
    ScanGate::Slot slot(&g_state->scan_gate());
    v = s->pipeline->Evaluate(s->envelope, s->raw);
  }
  if (Guard* guard = g_state->guard()) {
    auto start = std::chrono::steady_clock::now();
    guard->Apply(s->envelope, MessageIdOf(s->raw), &v);
    v.elapsed_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
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
      std::string reason = PrintableAsciiOnly("ohm: " + v.action_reason);
      if (smfi_quarantine(ctx, const_cast<char*>(reason.c_str())) != MI_SUCCESS) {
        v.notes.push_back("quarantine request failed: the MTA did not accept the hold");
      }
      [[fallthrough]];
    }
    case Action::kTag:
    case Action::kAccept: {
      if (s->has_forged_verdict_headers) RemoveForgedVerdictHeaders(ctx, *s);
      std::vector<HeaderField> added = s->pipeline->VerdictHeadersFor(s->envelope, v);
      for (const HeaderField& h : added) {
        std::string value = s->ValueOut(h.value);
        smfi_addheader(ctx, const_cast<char*>(h.name.c_str()), const_cast<char*>(value.c_str()));
      }
      if (s->signer && !SignAndInsert(ctx, s, added, &v)) result = SMFIS_TEMPFAIL;
      break;
    }
  }
  if (s->signer && (result == SMFIS_REJECT || (result == SMFIS_TEMPFAIL && s->dkim_status.empty())))
    s->dkim_status = std::string("not signed: ") + (result == SMFIS_REJECT ? "rejected" : "tempfailed");
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
  // Exact header bytes (the space after the colon) matter only to DKIM signing.
  if (g_state->pipeline()->dkim().settings().enabled) wanted |= SMFIP_HDR_LEADSPC;
  *pf1 = f1 & wanted;
  s->leading_space = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
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
  for (char c : PrintableAsciiOnly(text)) {
    if (c == '%') out += "%%";
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
