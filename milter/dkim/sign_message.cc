#include "dkim/sign_message.h"

#include "core/ascii.h"
#include "dkim/signature_check.h"

namespace ohm {

namespace {

// The end of the line starting at `pos` (index of '\n', or size).
size_t LineEnd(std::string_view s, size_t pos) {
  size_t nl = s.find('\n', pos);
  return nl == std::string_view::npos ? s.size() : nl;
}

// The line's content without its CR LF / LF.
std::string_view LineContent(std::string_view s, size_t pos, size_t nl) {
  std::string_view line = s.substr(pos, nl - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

ExactHeaderSplit SplitHeadersExact(std::string_view bytes) {
  ExactHeaderSplit out;
  size_t first_nl = bytes.find('\n');
  out.line_end = (first_nl != std::string_view::npos && first_nl > 0 && bytes[first_nl - 1] == '\r') ? "\r\n" : "\n";
  size_t pos = 0;
  if (bytes.substr(0, 5) == "From ") {
    pos = LineEnd(bytes, 0);
    pos = pos < bytes.size() ? pos + 1 : pos;
    out.prefix_bytes = pos;
  }
  size_t field_end = 0;  // where the value of the last field ends in `bytes` (before its line end)
  while (pos < bytes.size()) {
    size_t nl = LineEnd(bytes, pos);
    std::string_view line = LineContent(bytes, pos, nl);
    size_t content_end = pos + line.size();
    size_t next = nl < bytes.size() ? nl + 1 : nl;
    if (line.empty()) {  // the empty line ending the header section
      out.body_offset = next;
      return out;
    }
    bool continuation = line[0] == ' ' || line[0] == '\t';
    if (continuation && field_end != std::string_view::npos && !out.fields.empty()) {
      // A continuation: the value grows by the line end before it and the line, as written.
      out.fields.back().value.append(bytes.substr(field_end, content_end - field_end));
      field_end = content_end;
    } else if (auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
      out.fields.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
      field_end = content_end;
    } else if (!continuation) {
      field_end = std::string_view::npos;  // not a field: neither it nor its continuations are signed
    }
    pos = next;
  }
  out.body_offset = bytes.size();  // no body
  return out;
}

std::string SelfCheckSignatures(const std::vector<MadeSignature>& signatures,
                                const std::vector<HeaderField>& headers_after, const std::string& body_hash_b64) {
  std::vector<HeaderField> headers;
  for (auto it = signatures.rbegin(); it != signatures.rend(); ++it) headers.push_back({"DKIM-Signature", " " + it->value});
  headers.insert(headers.end(), headers_after.begin(), headers_after.end());
  for (size_t i = 0; i < signatures.size(); ++i) {
    const MadeSignature& s = signatures[signatures.size() - 1 - i];
    OwnSignature own{i, s.key->public_b64, s.key->algorithm == DkimAlgorithm::kEd25519Sha256, s.key->public_key.get()};
    if (std::string why = CheckOwnSignature(headers, own, body_hash_b64); !why.empty())
      return s.key->entry.name + ": " + why;
  }
  return "";
}

SelfCheckDecision DecideAfterSelfCheck(const DkimSettings& settings, const std::vector<MadeSignature>& signatures,
                                       const std::string& failure) {
  SelfCheckDecision d;
  if (failure.empty()) {
    d.status = "signed " + DescribeSignatures(signatures);
    return d;
  }
  d.insert_signatures = false;
  d.tempfail = settings.on_self_check_failure == SelfCheckFailure::kTempfail;
  d.status = "not signed: self-check failed: " + failure;
  d.note = "DKIM self-check failed: " + failure + (d.tempfail ? " (deferred)" : " (passed on unsigned)");
  return d;
}

std::string SignatureHeaderLine(const MadeSignature& signature, const std::string& line_end) {
  std::string line = "DKIM-Signature: ";
  for (size_t i = 0; i < signature.value.size(); ++i) {
    char c = signature.value[i];
    if (c == '\r') continue;
    if (c == '\n') line += line_end;
    else line += c;
  }
  return line + line_end;
}

SignedMessage SignMessageBytes(const DkimSigner& signer, const std::string& envelope_from, std::string_view bytes,
                               const std::function<bool(std::string_view)>& skip) {
  SignedMessage out;
  out.bytes = std::string(bytes);
  ExactHeaderSplit split = SplitHeadersExact(bytes);
  const std::string* from = nullptr;
  for (const HeaderField& f : split.fields)
    if (EqualsIgnoreCase(f.name, "From")) { from = &f.value; break; }
  SigningPlan plan = signer.Plan(envelope_from, from);
  if (!plan.sign()) {
    out.status = "not signed: " + plan.why_not;
    return out;
  }
  std::string error;
  auto m = signer.Start(plan, "ohm-sign", &error);
  if (!m) {
    out.status = "not signed: " + error;
    return out;
  }
  for (const HeaderField& f : split.fields) {
    if (skip && skip(f.name)) continue;
    m->Header(f.name, f.value);
  }
  m->EndOfHeaders();
  m->Body(bytes.substr(split.body_offset));
  if (!m->Finish(&out.signatures, &error)) {
    out.status = "not signed: signing failed: " + error;
    return out;
  }
  if (signer.settings().self_check) {
    // As in the milter: libopendkim's body hash is recomputed independently,
    // ohm's own engine already ran the same hasher over these bytes.
    std::string bh = SignatureTag(out.signatures.front().value, "bh");
    if (signer.settings().engine == DkimEngine::kLibopendkim) {
      BodyHasher body_hash(signer.settings().body_relaxed);
      body_hash.Update(bytes.substr(split.body_offset));
      bh = body_hash.FinalBase64();
    }
    SelfCheckDecision d =
        DecideAfterSelfCheck(signer.settings(), out.signatures, SelfCheckSignatures(out.signatures, split.fields, bh));
    if (!d.insert_signatures) {
      out.signatures.clear();
      out.status = d.status;
      return out;
    }
  }
  std::string signed_bytes(bytes.substr(0, split.prefix_bytes));
  // Each signature is inserted at the top, so the last made ends up first, as in the milter.
  for (auto it = out.signatures.rbegin(); it != out.signatures.rend(); ++it)
    signed_bytes += SignatureHeaderLine(*it, split.line_end);
  signed_bytes.append(bytes.substr(split.prefix_bytes));
  out.bytes = std::move(signed_bytes);
  out.signed_ok = true;
  out.status = "signed " + DescribeSignatures(out.signatures);
  return out;
}

}  // namespace ohm
