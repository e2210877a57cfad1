#include "rules/regex.h"

#include <cstdlib>

namespace ohm {

namespace {

// Enough for any regex a rule contains; grows on demand up to the maximum.
constexpr size_t kJitStackStart = 32 * 1024;
constexpr size_t kJitStackMax = 512 * 1024;

// OHM_REGEX_NO_JIT=1 in the environment runs every regex in PCRE2's
// interpreter. For valgrind: JIT-compiled code has no symbols and reads its
// subject 16 bytes at a time past the end (harmlessly, within the page), which
// memcheck reports as errors it cannot attribute; the interpreter is plain C.
bool JitDisabled() {
  static const bool disabled = [] {
    const char* v = std::getenv("OHM_REGEX_NO_JIT");
    return v != nullptr && v[0] == '1';
  }();
  return disabled;
}

std::string ErrorText(int code) {
  PCRE2_UCHAR buffer[256];
  int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  if (n < 0) return "PCRE2 error " + std::to_string(code);
  return std::string(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

}  // namespace

MatchScratch::MatchScratch(const RegexLimits& limits) {
  // One ovector pair: rules only ever need the whole match, and a too-small
  // ovector still reports success (rc 0).
  data_ = pcre2_match_data_create(1, nullptr);
  context_ = pcre2_match_context_create(nullptr);
  if (context_ != nullptr) {
    pcre2_set_match_limit(context_, static_cast<uint32_t>(limits.match_limit));
    pcre2_set_depth_limit(context_, static_cast<uint32_t>(limits.depth_limit));
    jit_stack_ = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
    if (jit_stack_ != nullptr) pcre2_jit_stack_assign(context_, nullptr, jit_stack_);
  }
}

MatchScratch::~MatchScratch() {
  pcre2_match_data_free(data_);
  pcre2_match_context_free(context_);
  pcre2_jit_stack_free(jit_stack_);
}

size_t MatchScratch::match_begin() const { return pcre2_get_ovector_pointer(data_)[0]; }

size_t MatchScratch::match_end() const { return pcre2_get_ovector_pointer(data_)[1]; }

std::string_view MatchScratch::mark() const {
  PCRE2_SPTR mark = pcre2_get_mark(data_);
  if (mark == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(mark));
}

std::unique_ptr<Regex> Regex::Compile(std::string_view pattern, std::string_view flags,
                                      std::string* error) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
  for (char f : flags) {
    switch (f) {
      case 'i': options |= PCRE2_CASELESS; break;
      case 'm': options |= PCRE2_MULTILINE; break;
      case 's': options |= PCRE2_DOTALL; break;
      case 'x': options |= PCRE2_EXTENDED; break;
      default:
        *error = std::string("unknown regex flag '") + f + "'";
        return nullptr;
    }
  }
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 options, &code, &offset, nullptr);
  if (re == nullptr) {
    *error = ErrorText(code) + " at offset " + std::to_string(offset);
    return nullptr;
  }
  // JIT failure (unsupported platform, no executable memory) is not fatal:
  // the interpreter gives the same answers, only slower.
  bool jit = !JitDisabled() && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
  return std::unique_ptr<Regex>(new Regex(re, jit));
}

Regex::~Regex() { pcre2_code_free(code_); }

MatchStatus Regex::Match(std::string_view subject, size_t start, MatchScratch* scratch) const {
  if (scratch->data_ == nullptr || scratch->context_ == nullptr) return MatchStatus::kError;
  if (start > subject.size()) return MatchStatus::kNoMatch;
  int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start,
                       0, scratch->data_, scratch->context_);
  if (rc >= 0) return MatchStatus::kMatch;
  switch (rc) {
    case PCRE2_ERROR_NOMATCH:
      return MatchStatus::kNoMatch;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
      return MatchStatus::kLimit;
    default:
      return MatchStatus::kError;
  }
}

size_t NextCharOffset(std::string_view text, size_t pos) {
  if (pos >= text.size()) return pos + 1;
  unsigned char lead = static_cast<unsigned char>(text[pos]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  size_t next = pos + 1;
  while (next < pos + length && next < text.size() &&
         (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
    ++next;
  }
  return next;
}

}  // namespace ohm
