#include "dkim/opendkim_message_signer.h"

#include <cstring>

// dkim.h is C and uses C99's _Bool, which C++ spells bool.
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include "dkim/dkim_canon.h"

namespace ohm {

namespace {

// libopendkim wants NULL-terminated arrays of C strings.
std::vector<const char*> CStrings(const std::vector<std::string>& names) {
  std::vector<const char*> out;
  for (const auto& n : names) out.push_back(n.c_str());
  out.push_back(nullptr);
  return out;
}

std::string Status(DKIM* d, DKIM_STAT st) {
  const char* detail = d ? dkim_geterror(d) : nullptr;
  std::string s = dkim_getresultstr(st) ? dkim_getresultstr(st) : ("status " + std::to_string(st));
  if (detail && *detail) s += ": " + std::string(detail);
  return s;
}

class OpendkimMessageSigner : public MessageSigner {
 public:
  ~OpendkimMessageSigner() override {
    for (auto& h : handles_) dkim_free(h.dkim);
  }

  void Add(const SigningKey* key, DKIM* dkim) { handles_.push_back({key, dkim}); }

  void Header(std::string_view name, std::string_view value) override {
    if (!error_.empty() || headers_ended_) return;
    std::string field(name);
    field += ':';
    field += WithCrlf(value);
    for (auto& h : handles_) {
      DKIM_STAT st = dkim_header(h.dkim, reinterpret_cast<u_char*>(field.data()), field.size());
      if (st != DKIM_STAT_OK && error_.empty()) error_ = "header " + std::string(name) + ": " + Status(h.dkim, st);
    }
  }

  void EndOfHeaders() override {
    if (headers_ended_) return;
    headers_ended_ = true;
    if (!error_.empty()) return;
    for (auto& h : handles_) {
      DKIM_STAT st = dkim_eoh(h.dkim);
      if (st != DKIM_STAT_OK && error_.empty()) error_ = "end of headers: " + Status(h.dkim, st);
    }
  }

  void Body(std::string_view chunk) override {
    if (!error_.empty() || chunk.empty()) return;
    for (auto& h : handles_) {
      DKIM_STAT st = dkim_body(h.dkim, reinterpret_cast<u_char*>(const_cast<char*>(chunk.data())), chunk.size());
      if (st != DKIM_STAT_OK && error_.empty()) error_ = "body: " + Status(h.dkim, st);
    }
  }

  bool Finish(std::vector<MadeSignature>* signatures, std::string* error) override {
    if (!headers_ended_) EndOfHeaders();
    signatures->clear();
    for (auto& h : handles_) {
      if (!error_.empty()) break;
      DKIM_STAT st = dkim_eom(h.dkim, nullptr);
      if (st != DKIM_STAT_OK) { error_ = "end of message: " + Status(h.dkim, st); break; }
      u_char* buf = nullptr;
      size_t len = 0;
      st = dkim_getsighdr_d(h.dkim, std::strlen(DKIM_SIGNHEADER) + 2, &buf, &len);
      if (st != DKIM_STAT_OK) { error_ = "signature: " + Status(h.dkim, st); break; }
      signatures->push_back({h.key, std::string(reinterpret_cast<char*>(buf), len)});
    }
    if (!error_.empty()) {
      signatures->clear();
      *error = error_;
      return false;
    }
    return true;
  }

 private:
  struct Handle {
    const SigningKey* key;
    DKIM* dkim;
  };
  std::vector<Handle> handles_;
  std::string error_;  // first libopendkim failure
  bool headers_ended_ = false;
};

}  // namespace

struct dkim_lib* OpenOpendkimLibrary(const DkimSettings& settings, std::string* error) {
  DKIM_LIB* lib = dkim_init(nullptr, nullptr);
  if (!lib) {
    *error = "libopendkim: dkim_init failed";
    return nullptr;
  }
  unsigned int flags = DKIM_LIBFLAGS_FIXCRLF;
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof flags);
  auto sign = CStrings(settings.headers);
  auto over = CStrings(settings.oversign);
  if (dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, sign.data(), sizeof(char**)) != DKIM_STAT_OK ||
      dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_OVERSIGNHDRS, over.data(), sizeof(char**)) != DKIM_STAT_OK) {
    dkim_close(lib);
    *error = "libopendkim: the signed header lists were refused";
    return nullptr;
  }
  return lib;
}

void CloseOpendkimLibrary(struct dkim_lib* lib) {
  if (lib) dkim_close(lib);
}

void SetOpendkimFixedTime(struct dkim_lib* lib, uint64_t seconds) {
  dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_FIXEDTIME, &seconds, sizeof seconds);
}

std::unique_ptr<MessageSigner> StartOpendkimSigner(struct dkim_lib* lib, const DkimSettings& settings,
                                                   const std::vector<const SigningKey*>& keys, const std::string& id,
                                                   std::string* error) {
  auto m = std::make_unique<OpendkimMessageSigner>();
  std::string name = id.empty() ? "ohm" : id;
  dkim_canon_t hc = settings.header_relaxed ? DKIM_CANON_RELAXED : DKIM_CANON_SIMPLE;
  dkim_canon_t bc = settings.body_relaxed ? DKIM_CANON_RELAXED : DKIM_CANON_SIMPLE;
  for (const SigningKey* k : keys) {
    DKIM_STAT st = DKIM_STAT_OK;
    dkim_alg_t alg = k->algorithm == DkimAlgorithm::kEd25519Sha256 ? DKIM_SIGN_ED25519SHA256 : DKIM_SIGN_RSASHA256;
    DKIM* d = dkim_sign(lib, reinterpret_cast<const u_char*>(name.c_str()), nullptr,
                        reinterpret_cast<dkim_sigkey_t>(const_cast<char*>(k->private_pem.c_str())),
                        reinterpret_cast<const u_char*>(k->entry.selector.c_str()),
                        reinterpret_cast<const u_char*>(k->entry.domain.c_str()), hc, bc, alg, -1, &st);
    if (!d) {
      *error = "key " + k->entry.name + ": dkim_sign: " + Status(nullptr, st);
      return nullptr;
    }
    // libopendkim hashes an Ed25519 signature field folded differently from the
    // one it then returns (b= is joined to the h= line while still empty), which
    // breaks "simple" header canonicalization. Unfolded, both are the same line.
    if (!settings.header_relaxed && alg == DKIM_SIGN_ED25519SHA256) dkim_set_margin(d, 0);
    m->Add(k, d);
  }
  return m;
}

}  // namespace ohm
