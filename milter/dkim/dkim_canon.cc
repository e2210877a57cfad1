#include "dkim/dkim_canon.h"

#include <cctype>
#include <cstring>
#include <map>

#include <openssl/evp.h>

#include "core/ascii.h"

namespace ohm {

namespace {

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

// True when relaxed body canonicalization (RFC 6376 3.4.4) changes the line:
// it holds a tab or a run of spaces, or ends in a space. Prose, with single
// spaces between words, is left as it is.
bool RelaxedChangesLine(std::string_view s) {
  if (!s.empty() && s.back() == ' ') return true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\t' || (s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ')) return true;
  }
  return false;
}

}  // namespace

std::string WithCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string CanonicalHeader(std::string_view name, std::string_view value, bool relaxed) {
  if (!relaxed) return std::string(name) + ":" + WithCrlf(value);
  std::string n = AsciiLowered(name);
  while (!n.empty() && IsWsp(n.back())) n.pop_back();
  std::string v;
  v.reserve(value.size());
  bool in_wsp = false;
  for (char c : value) {
    if (c == '\r' || c == '\n') continue;  // unfold
    if (IsWsp(c)) { in_wsp = true; continue; }
    if (in_wsp && !v.empty()) v += ' ';
    in_wsp = false;
    v += c;
  }
  return n + ":" + v;
}

std::string WithoutSignatureData(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t semi = value.find(';', pos);
    size_t end = semi == std::string_view::npos ? value.size() : semi;
    std::string_view tag = value.substr(pos, end - pos);
    size_t eq = tag.find('=');
    std::string name;
    if (eq != std::string_view::npos)
      for (char c : tag.substr(0, eq)) if (!IsWsp(c) && c != '\r' && c != '\n') name += c;
    out += name == "b" ? std::string(tag.substr(0, eq + 1)) : std::string(tag);
    if (semi == std::string_view::npos) break;
    out += ';';
    pos = semi + 1;
  }
  return out;
}

std::string SignedHeaderData(const std::vector<HeaderField>& headers, std::string_view h, size_t skip_index,
                             bool relaxed) {
  std::string data;
  std::map<std::string, size_t> used;  // lower-case name -> instances consumed from the bottom
  size_t pos = 0;
  while (pos <= h.size()) {
    size_t colon = h.find(':', pos);
    std::string name = AsciiLowered(h.substr(pos, colon == std::string_view::npos ? std::string_view::npos : colon - pos));
    size_t skip = used[name]++;
    for (size_t i = headers.size(); i-- > 0;) {
      if (i == skip_index || headers[i].name.size() != name.size() || AsciiLowered(headers[i].name) != name) continue;
      if (skip-- > 0) continue;
      data += CanonicalHeader(headers[i].name, headers[i].value, relaxed);
      data += "\r\n";
      break;
    }
    if (colon == std::string_view::npos) break;
    pos = colon + 1;
  }
  return data;
}

std::string Base64Encode(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  out.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len)));
  return out;
}

bool Base64Decode(std::string_view text, std::string* out) {
  out->clear();
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    int d;
    if (c >= 'A' && c <= 'Z') d = c - 'A';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
    else if (c >= '0' && c <= '9') d = c - '0' + 52;
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else if (c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    else return false;
    value = (value << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return true;
}

BodyHasher::BodyHasher(bool relaxed) : relaxed_(relaxed), md_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(md_, EVP_sha256(), nullptr);
}

BodyHasher::~BodyHasher() { EVP_MD_CTX_free(md_); }

void BodyHasher::Emit(std::string_view data) { EVP_DigestUpdate(md_, data.data(), data.size()); }

void BodyHasher::Update(std::string_view chunk) {
  size_t pos = 0;
  // A line begun in an earlier chunk is finished the general way.
  if (!line_.empty()) {
    size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      line_.append(chunk);
      return;
    }
    line_.append(chunk.substr(0, nl));
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    EndLine();
    pos = nl + 1;
  }
  // Whole lines inside this chunk. Most lines (base64, text without runs of
  // blanks) canonicalize to themselves: a nonempty line ending in CRLF that
  // relaxed canonicalization leaves alone, or any such line (simple). Runs of those are hashed
  // straight from the chunk, without a copy or a pass per character.
  size_t run = pos;  // start of the run of lines passed through unchanged
  while (pos < chunk.size()) {
    const char* start = chunk.data() + pos;
    const void* found = std::memchr(start, '\n', chunk.size() - pos);
    if (found == nullptr) break;
    size_t nl = static_cast<size_t>(static_cast<const char*>(found) - chunk.data());
    size_t end = nl > pos && chunk[nl - 1] == '\r' ? nl - 1 : nl;
    bool crlf = end < nl;
    bool unchanged = crlf && end > pos && (!relaxed_ || !RelaxedChangesLine(chunk.substr(pos, end - pos)));
    if (unchanged) {
      if (empty_lines_ > 0) {
        if (run < pos) Emit(chunk.substr(run, pos - run));
        for (; empty_lines_ > 0; --empty_lines_) Emit("\r\n");
        run = pos;
      }
      any_content_ = true;
    } else {
      if (run < pos) Emit(chunk.substr(run, pos - run));
      line_.assign(chunk.substr(pos, end - pos));
      EndLine();
      run = nl + 1;
    }
    pos = nl + 1;
  }
  if (run < pos) Emit(chunk.substr(run, pos - run));
  // The start of a line that ends in a later chunk.
  if (pos < chunk.size()) line_.assign(chunk.substr(pos));
}

void BodyHasher::EndLine() {
  std::string* content = &line_;
  if (relaxed_) {
    canonical_.clear();
    bool in_wsp = false;
    for (char c : line_) {
      if (IsWsp(c)) { in_wsp = true; continue; }
      if (in_wsp) canonical_ += ' ';
      in_wsp = false;
      canonical_ += c;
    }
    content = &canonical_;
  }
  if (content->empty()) {
    ++empty_lines_;
    line_.clear();
    return;
  }
  for (; empty_lines_ > 0; --empty_lines_) Emit("\r\n");
  content->append("\r\n");
  Emit(*content);
  any_content_ = true;
  line_.clear();
}

std::string BodyHasher::FinalBase64() {
  if (!line_.empty()) EndLine();  // a last line without line end gets one
  if (!any_content_ && !relaxed_) Emit("\r\n");  // simple: an empty body is one CRLF
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(md_, digest, &len);
  return Base64Encode(digest, len);
}

}  // namespace ohm
