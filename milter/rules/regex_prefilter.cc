#include "rules/regex_prefilter.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>

#include "parse/little_endian.h"
#include "rules/phrase_list.h"  // IsValidUtf8
#include "rules/prefilter_cache.h"

#ifdef OHM_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace ohm {

#ifdef OHM_HAVE_HYPERSCAN

struct RegexPrefilter::Database {
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  ~Database() {
    if (prototype != nullptr) hs_free_scratch(prototype);
    if (db != nullptr) hs_free_database(db);
  }
};

namespace {

// Hyperscan flags for a rule's pattern, or false when Hyperscan has no
// equivalent (extended syntax) and the rule must stay with PCRE2.
bool FlagsFor(const std::string& rule_flags, unsigned* flags) {
  *flags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_ALLOWEMPTY;
  for (char f : rule_flags) {
    switch (f) {
      case 'i': *flags |= HS_FLAG_CASELESS; break;
      case 'm': *flags |= HS_FLAG_MULTILINE; break;
      case 's': *flags |= HS_FLAG_DOTALL; break;
      default: return false;
    }
  }
  return true;
}

struct Found {
  std::vector<bool> any;
  std::vector<unsigned long long> first_end;  // the earliest end reported, by pattern
};

int OnMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* context) {
  Found& found = *static_cast<Found*>(context);
  found.any[id] = true;
  found.first_end[id] = std::min(found.first_end[id], to);
  return 0;
}

// The pattern's longest match when it bounds where a match can start: a
// bounded width and matches reported in order (so that with SINGLEMATCH the
// one report is the earliest end). 0 when Hyperscan cannot tell.
unsigned BoundedWidth(const char* expression, unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(expression, flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return 0;
  }
  unsigned width = info->max_width != UINT_MAX && !info->unordered_matches ? info->max_width : 0;
  free(info);  // allocated by Hyperscan's misc allocator, malloc by default
  return width;
}

// Everything a compile's result depends on: Hyperscan's version, the CPU it
// compiles for, and each pattern with the flags it is compiled with (or none
// when it stays with PCRE2), in order, since a pattern's id is its index.
std::string CacheKeyMaterial(const std::vector<PrefilterPattern>& patterns) {
  std::string material = "ohm regex prefilter 1\n";
  material += hs_version();
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    material += "\ntune " + std::to_string(platform.tune) + " features " + std::to_string(platform.cpu_features);
  }
  material += "\n";
  for (const PrefilterPattern& p : patterns) {
    unsigned f = 0;
    bool taken = p.pattern.find('\0') == std::string::npos && FlagsFor(p.flags, &f);
    material += taken ? std::to_string(f) : std::string("-");
    material += " " + std::to_string(p.pattern.size()) + ":" + p.pattern + "\n";
  }
  return material;
}

}  // namespace

bool RegexPrefilter::Available() { return hs_valid_platform() == HS_SUCCESS; }

RegexPrefilter::RegexPrefilter(const std::vector<PrefilterPattern>& patterns, const PrefilterCache* cache)
    : covered_(patterns.size(), false), max_width_(patterns.size(), 0) {
  if (!Available()) return;
  PrefilterCache::Key key{};
  if (cache != nullptr) {
    key = PrefilterCache::KeyOf(CacheKeyMaterial(patterns));
    if (std::optional<std::string> payload = cache->Load(key); payload && Restore(*payload)) return;
  }
  Compile(patterns);
  if (cache != nullptr && database_ != nullptr) {
    if (std::optional<std::string> payload = Serialize()) cache->Store(key, *payload);
  }
}

void RegexPrefilter::Compile(const std::vector<PrefilterPattern>& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    unsigned f = 0;
    const std::string& p = patterns[i].pattern;
    if (p.find('\0') != std::string::npos || !FlagsFor(patterns[i].flags, &f)) continue;
    expressions.push_back(p.c_str());
    flags.push_back(f);
    ids.push_back(static_cast<unsigned>(i));
  }
  auto database = std::make_unique<Database>();
  // All at once (Hyperscan's compile is the slow part of loading rules); when
  // that fails, the pattern it names is left to PCRE2 and the rest tried again.
  for (;;) {
    if (expressions.empty()) return;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                         HS_MODE_BLOCK, nullptr, &database->db, &error) == HS_SUCCESS)
      break;
    int bad = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (bad < 0 || static_cast<size_t>(bad) >= expressions.size()) return;
    expressions.erase(expressions.begin() + bad);
    flags.erase(flags.begin() + bad);
    ids.erase(ids.begin() + bad);
  }
  if (hs_alloc_scratch(database->db, &database->prototype) != HS_SUCCESS) return;
  database_ = std::move(database);
  for (size_t k = 0; k < ids.size(); ++k) {
    covered_[ids[k]] = true;
    max_width_[ids[k]] = BoundedWidth(expressions[k], flags[k]);
  }
}

// The payload: the pattern count, a byte per pattern (covered), each
// pattern's bounded width, then Hyperscan's serialized database.
std::optional<std::string> RegexPrefilter::Serialize() const {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(database_->db, &bytes, &length) != HS_SUCCESS) return std::nullopt;
  std::string payload;
  payload.reserve(4 + covered_.size() * 5 + length);
  AppendLe(&payload, covered_.size(), 4);
  for (bool c : covered_) payload.push_back(c ? 1 : 0);
  for (unsigned w : max_width_) AppendLe(&payload, w, 4);
  payload.append(bytes, length);
  free(bytes);  // allocated by Hyperscan's misc allocator, malloc by default
  return payload;
}

bool RegexPrefilter::Restore(std::string_view payload) {
  const size_t n = covered_.size();
  if (payload.size() < 4 || Le32(payload, 0) != n || payload.size() < 4 + n * 5) return false;
  std::vector<bool> covered(n);
  std::vector<unsigned> widths(n);
  for (size_t i = 0; i < n; ++i) {
    covered[i] = payload[4 + i] != 0;
    widths[i] = Le32(payload, 4 + n + 4 * i);
  }
  std::string_view serialized = payload.substr(4 + n * 5);
  auto database = std::make_unique<Database>();
  if (hs_deserialize_database(serialized.data(), serialized.size(), &database->db) != HS_SUCCESS) return false;
  if (hs_alloc_scratch(database->db, &database->prototype) != HS_SUCCESS) return false;
  database_ = std::move(database);
  covered_ = std::move(covered);
  max_width_ = std::move(widths);
  return true;
}

RegexPrefilter::~RegexPrefilter() = default;

void RegexPrefilter::ScratchFree::operator()(hs_scratch* scratch) const { hs_free_scratch(scratch); }

bool RegexPrefilter::Scan(std::string_view text, std::vector<bool>* may_match, std::vector<size_t>* starts) const {
  may_match->assign(covered_.size(), true);
  if (starts != nullptr) starts->assign(covered_.size(), 0);
  if (database_ == nullptr || !IsValidUtf8(text)) return false;
  auto scratch = scratch_pool_.Acquire([this] {
    hs_scratch_t* clone = nullptr;
    if (hs_clone_scratch(database_->prototype, &clone) != HS_SUCCESS) clone = nullptr;
    return std::unique_ptr<hs_scratch, ScratchFree>(clone);
  });
  if (scratch.get() == nullptr) return false;
  Found found{std::vector<bool>(covered_.size(), false),
              std::vector<unsigned long long>(covered_.size(), ULLONG_MAX)};
  hs_error_t rc = hs_scan(database_->db, text.data(), static_cast<unsigned>(std::min<size_t>(text.size(), 0xFFFFFFFFu)),
                          0, scratch.get(), OnMatch, &found);
  if (rc != HS_SUCCESS) return false;
  for (size_t i = 0; i < covered_.size(); ++i) {
    if (!covered_[i]) continue;
    (*may_match)[i] = found.any[i];
    if (starts == nullptr || !found.any[i] || max_width_[i] == 0 || found.first_end[i] > text.size()) continue;
    // Every real match ends where the pass reported one, so none ends
    // before the first report, and none is longer than max_width.
    size_t start = found.first_end[i] > max_width_[i] ? static_cast<size_t>(found.first_end[i]) - max_width_[i] : 0;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    (*starts)[i] = start;
  }
  return true;
}

#else  // no Hyperscan: nothing is covered, every rule runs PCRE2

struct RegexPrefilter::Database {};

bool RegexPrefilter::Available() { return false; }

RegexPrefilter::RegexPrefilter(const std::vector<PrefilterPattern>& patterns, const PrefilterCache*)
    : covered_(patterns.size(), false), max_width_(patterns.size(), 0) {}

RegexPrefilter::~RegexPrefilter() = default;

void RegexPrefilter::ScratchFree::operator()(hs_scratch*) const {}

bool RegexPrefilter::Scan(std::string_view, std::vector<bool>* may_match, std::vector<size_t>* starts) const {
  may_match->assign(covered_.size(), true);
  if (starts != nullptr) starts->assign(covered_.size(), 0);
  return false;
}

#endif

size_t RegexPrefilter::covered_count() const { return static_cast<size_t>(std::count(covered_.begin(), covered_.end(), true)); }

}  // namespace ohm
