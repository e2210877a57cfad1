#include "parse/sevenzip_inspect.h"

#include <lzma.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "parse/utf8_text.h"

namespace ohm {

namespace {

constexpr std::string_view kSignature("7z\xBC\xAF\x27\x1C", 6);
constexpr size_t kSignatureHeaderSize = 32;

// Property IDs (7zFormat.txt).
enum : uint8_t {
  kEnd = 0x00, kHeader = 0x01, kArchiveProperties = 0x02, kAdditionalStreamsInfo = 0x03,
  kMainStreamsInfo = 0x04, kFilesInfo = 0x05, kPackInfo = 0x06, kUnPackInfo = 0x07,
  kSubStreamsInfo = 0x08, kSize = 0x09, kCrc = 0x0A, kFolder = 0x0B, kCodersUnPackSize = 0x0C,
  kNumUnPackStream = 0x0D, kName = 0x11, kEncodedHeader = 0x17,
};

// Counts no real archive comes near; beyond them the header is malformed.
constexpr uint64_t kMaxFolders = 4096;
constexpr uint64_t kMaxCoders = 32;
constexpr uint64_t kMaxStreams = 1 << 20;

constexpr std::string_view kAesCoder("\x06\xF1\x07\x01", 4);
constexpr std::string_view kLzmaCoder("\x03\x01\x01", 3);
constexpr std::string_view kLzma2Coder("\x21", 1);

// A bounds-checked cursor: any read past the end sets failed and returns 0,
// so a parse of hostile bytes can only stop early.
class Cursor {
 public:
  explicit Cursor(std::string_view b) : b_(b) {}

  bool failed() const { return failed_; }
  size_t left() const { return failed_ ? 0 : b_.size() - p_; }

  uint8_t Byte() {
    if (p_ >= b_.size()) return Fail();
    return static_cast<uint8_t>(b_[p_++]);
  }
  // 7z's NUMBER: the first byte's leading one bits say how many bytes follow.
  uint64_t Number() {
    uint8_t first = Byte();
    uint64_t value = 0;
    uint8_t mask = 0x80;
    for (int i = 0; i < 8; ++i) {
      if ((first & mask) == 0) return value | (static_cast<uint64_t>(first & (mask - 1)) << (8 * i));
      value |= static_cast<uint64_t>(Byte()) << (8 * i);
      mask >>= 1;
    }
    return value;
  }
  // A count that the remaining bytes could hold at one byte each.
  uint64_t Count(uint64_t limit) {
    uint64_t n = Number();
    if (n > limit || n > left()) return Fail();
    return n;
  }
  std::string_view Bytes(uint64_t n) {
    if (n > left()) {
      Fail();
      return {};
    }
    std::string_view s = b_.substr(p_, n);
    p_ += n;
    return s;
  }
  void Skip(uint64_t n) { Bytes(n); }
  uint8_t Fail() {
    failed_ = true;
    p_ = b_.size();
    return 0;
  }

 private:
  std::string_view b_;
  size_t p_ = 0;
  bool failed_ = false;
};

struct Coder {
  std::string_view id, properties;
};

struct Folder {
  std::vector<Coder> coders;
  uint64_t out_streams = 0;
  uint64_t unpack_size = 0;  // of its last out stream: the folder's output
  bool crc_defined = false;
};

struct StreamsInfo {
  uint64_t pack_pos = 0;
  std::vector<uint64_t> pack_sizes;
  std::vector<Folder> folders;
};

// A bit vector of n bits, or "all defined" when its leading byte says so;
// returns how many are set.
uint64_t ReadDefined(Cursor* c, uint64_t n, std::vector<bool>* bits) {
  bits->assign(n, true);
  if (c->Byte() != 0) return n;
  uint64_t set = 0;
  uint8_t byte = 0;
  for (uint64_t i = 0; i < n && !c->failed(); ++i) {
    if (i % 8 == 0) byte = c->Byte();
    (*bits)[i] = (byte & (0x80 >> (i % 8))) != 0;
    set += (*bits)[i];
  }
  return set;
}

void SkipDigests(Cursor* c, uint64_t n, std::vector<bool>* defined) {
  c->Skip(4 * ReadDefined(c, n, defined));
}

void ReadPackInfo(Cursor* c, StreamsInfo* s) {
  s->pack_pos = c->Number();
  uint64_t n = c->Count(kMaxStreams);
  for (uint8_t id = c->Byte(); id != kEnd && !c->failed(); id = c->Byte()) {
    if (id == kSize) {
      for (uint64_t i = 0; i < n && !c->failed(); ++i) s->pack_sizes.push_back(c->Number());
    } else if (id == kCrc) {
      std::vector<bool> defined;
      SkipDigests(c, n, &defined);
    } else {
      c->Fail();
    }
  }
}

void ReadFolder(Cursor* c, Folder* f) {
  uint64_t coders = c->Count(kMaxCoders);
  uint64_t in_streams = 0;
  for (uint64_t i = 0; i < coders && !c->failed(); ++i) {
    uint8_t flags = c->Byte();
    if (flags & 0x80) {  // alternative methods: not written by any 7-Zip
      c->Fail();
      return;
    }
    Coder coder;
    coder.id = c->Bytes(flags & 0x0F);
    uint64_t in = 1, out = 1;
    if (flags & 0x10) {
      in = c->Count(kMaxCoders);
      out = c->Count(kMaxCoders);
    }
    if (flags & 0x20) coder.properties = c->Bytes(c->Number());
    in_streams += in;
    f->out_streams += out;
    f->coders.push_back(coder);
  }
  if (f->out_streams == 0) return (void)c->Fail();
  uint64_t bind_pairs = f->out_streams - 1;
  for (uint64_t i = 0; i < bind_pairs && !c->failed(); ++i) {
    c->Number();
    c->Number();
  }
  if (in_streams < bind_pairs) return (void)c->Fail();
  uint64_t packed = in_streams - bind_pairs;
  if (packed > 1) {
    for (uint64_t i = 0; i < packed && !c->failed(); ++i) c->Number();
  }
}

void ReadUnPackInfo(Cursor* c, StreamsInfo* s) {
  if (c->Byte() != kFolder) return (void)c->Fail();
  uint64_t n = c->Count(kMaxFolders);
  if (c->Byte() != 0) return (void)c->Fail();  // folders kept in another stream: never written
  s->folders.resize(n);
  for (Folder& f : s->folders) {
    if (c->failed()) return;
    ReadFolder(c, &f);
  }
  if (c->Byte() != kCodersUnPackSize) return (void)c->Fail();
  for (Folder& f : s->folders) {
    for (uint64_t i = 0; i < f.out_streams && !c->failed(); ++i) f.unpack_size = c->Number();
  }
  for (uint8_t id = c->Byte(); id != kEnd && !c->failed(); id = c->Byte()) {
    if (id != kCrc) return (void)c->Fail();
    std::vector<bool> defined;
    SkipDigests(c, s->folders.size(), &defined);
    for (size_t i = 0; i < s->folders.size() && i < defined.size(); ++i) s->folders[i].crc_defined = defined[i];
  }
}

void ReadSubStreamsInfo(Cursor* c, const StreamsInfo& s) {
  std::vector<uint64_t> per_folder(s.folders.size(), 1);
  uint8_t id = c->Byte();
  if (id == kNumUnPackStream) {
    for (uint64_t& n : per_folder) n = c->Count(kMaxStreams);
    id = c->Byte();
  }
  if (id == kSize) {
    for (uint64_t n : per_folder) {
      for (uint64_t i = 1; i < n && !c->failed(); ++i) c->Number();
    }
    id = c->Byte();
  }
  while (id != kEnd && !c->failed()) {
    if (id != kCrc) return (void)c->Fail();
    uint64_t digests = 0;
    for (size_t i = 0; i < s.folders.size(); ++i) {
      if (per_folder[i] != 1 || !s.folders[i].crc_defined) digests += per_folder[i];
    }
    if (digests > kMaxStreams) return (void)c->Fail();
    std::vector<bool> defined;
    SkipDigests(c, digests, &defined);
    id = c->Byte();
  }
}

StreamsInfo ReadStreamsInfo(Cursor* c) {
  StreamsInfo s;
  for (uint8_t id = c->Byte(); id != kEnd && !c->failed(); id = c->Byte()) {
    if (id == kPackInfo) {
      ReadPackInfo(c, &s);
    } else if (id == kUnPackInfo) {
      ReadUnPackInfo(c, &s);
    } else if (id == kSubStreamsInfo) {
      ReadSubStreamsInfo(c, s);
    } else {
      c->Fail();
    }
  }
  return s;
}

bool UsesAes(const StreamsInfo& s) {
  for (const Folder& f : s.folders) {
    for (const Coder& coder : f.coders) {
      if (coder.id == kAesCoder) return true;
    }
  }
  return false;
}

// kName's data: UTF-16LE names, each ended by a zero unit. An unpaired
// surrogate becomes U+FFFD.
void ReadNames(std::string_view data, size_t max_names, std::vector<std::string>* names) {
  std::string name;
  for (size_t i = 0; i + 1 < data.size() && names->size() < max_names; i += 2) {
    uint32_t unit = static_cast<uint8_t>(data[i]) | (static_cast<uint32_t>(static_cast<uint8_t>(data[i + 1])) << 8);
    if (unit == 0) {
      names->push_back(std::move(name));
      name.clear();
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < data.size()) {
      uint32_t low = static_cast<uint8_t>(data[i + 2]) | (static_cast<uint32_t>(static_cast<uint8_t>(data[i + 3])) << 8);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendCodePoint(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), &name);
        i += 2;
        continue;
      }
    }
    AppendCodePoint(unit >= 0xD800 && unit <= 0xDFFF ? 0xFFFD : unit, &name);
  }
}

void ReadFilesInfo(Cursor* c, size_t max_names, SevenZipContents* out) {
  c->Number();  // number of files: the names say as much
  for (uint8_t type = c->Byte(); type != kEnd && !c->failed(); type = c->Byte()) {
    std::string_view data = c->Bytes(c->Number());
    if (type == kName && !data.empty() && data[0] == 0) ReadNames(data.substr(1), max_names, &out->names);
  }
}

// A plain header (after its kHeader byte).
void ReadHeader(Cursor* c, size_t max_names, SevenZipContents* out) {
  for (uint8_t id = c->Byte(); id != kEnd && !c->failed(); id = c->Byte()) {
    if (id == kArchiveProperties) {
      for (uint8_t type = c->Byte(); type != 0 && !c->failed(); type = c->Byte()) c->Skip(c->Number());
    } else if (id == kAdditionalStreamsInfo) {
      ReadStreamsInfo(c);
    } else if (id == kMainStreamsInfo) {
      if (UsesAes(ReadStreamsInfo(c))) out->encrypted = true;
    } else if (id == kFilesInfo) {
      ReadFilesInfo(c, max_names, out);
      return;
    } else {
      c->Fail();
    }
  }
}

// Inflates a header packed with a single LZMA or LZMA2 coder into *out (its
// stated size, which the caller has bounded). The dictionary is capped at the
// output size: a header never refers further back than its own length, and a
// hostile one asking for 4 GB of dictionary gets none.
bool InflateHeader(const Coder& coder, std::string_view packed, std::string* out) {
  lzma_filter filters[2];
  filters[0].id = coder.id == kLzmaCoder ? LZMA_FILTER_LZMA1 : LZMA_FILTER_LZMA2;
  filters[0].options = nullptr;
  filters[1].id = LZMA_VLI_UNKNOWN;
  filters[1].options = nullptr;
  if (lzma_properties_decode(&filters[0], nullptr, reinterpret_cast<const uint8_t*>(coder.properties.data()),
                             coder.properties.size()) != LZMA_OK) {
    return false;
  }
  auto* options = static_cast<lzma_options_lzma*>(filters[0].options);
  uint32_t cap = static_cast<uint32_t>(std::max<size_t>(out->size(), LZMA_DICT_SIZE_MIN));
  if (options->dict_size > cap) options->dict_size = cap;
  if (filters[0].id == LZMA_FILTER_LZMA1) {
    // LZMA in 7z has no end marker; its size is in the header. LZMA1EXT
    // (liblzma 5.4) takes that size and stops there.
    filters[0].id = LZMA_FILTER_LZMA1EXT;
    options->ext_flags = 0;
    options->ext_size_low = static_cast<uint32_t>(out->size());
    options->ext_size_high = static_cast<uint32_t>(static_cast<uint64_t>(out->size()) >> 32);
  }
  size_t in_pos = 0, out_pos = 0;
  lzma_ret result =
      lzma_raw_buffer_decode(filters, nullptr, reinterpret_cast<const uint8_t*>(packed.data()), &in_pos,
                             packed.size(), reinterpret_cast<uint8_t*>(out->data()), &out_pos, out->size());
  std::free(filters[0].options);
  return result == LZMA_OK && out_pos == out->size();
}

}  // namespace

bool StartsSevenZip(std::string_view head) { return head.substr(0, kSignature.size()) == kSignature; }

SevenZipContents ReadSevenZip(std::string_view bytes, size_t max_names, size_t inflate_budget) {
  SevenZipContents out;
  if (!StartsSevenZip(bytes) || bytes.size() < kSignatureHeaderSize) return out;
  Cursor start(bytes.substr(12, 16));
  uint64_t offset = 0, size = 0;
  for (int i = 0; i < 8; ++i) offset |= static_cast<uint64_t>(start.Byte()) << (8 * i);
  for (int i = 0; i < 8; ++i) size |= static_cast<uint64_t>(start.Byte()) << (8 * i);
  std::string_view rest = bytes.substr(kSignatureHeaderSize);
  if (offset > rest.size() || size > rest.size() - offset) return out;  // cut: the header is at the end
  Cursor c(rest.substr(offset, size));
  uint8_t id = c.Byte();
  if (id == kHeader) {
    ReadHeader(&c, max_names, &out);
    return out;
  }
  if (id != kEncodedHeader) return out;
  StreamsInfo s = ReadStreamsInfo(&c);
  if (UsesAes(s)) {
    out.encrypted = true;  // names encrypted with the password
    return out;
  }
  if (c.failed() || s.folders.size() != 1 || s.folders[0].coders.size() != 1 || s.pack_sizes.empty()) return out;
  const Coder& coder = s.folders[0].coders[0];
  if (coder.id != kLzmaCoder && coder.id != kLzma2Coder) return out;
  uint64_t unpack = s.folders[0].unpack_size;
  if (unpack > inflate_budget) {
    out.over_budget = true;
    return out;
  }
  if (unpack == 0 || s.pack_pos > rest.size() || s.pack_sizes[0] > rest.size() - s.pack_pos) return out;
  std::string header(unpack, '\0');
  if (!InflateHeader(coder, rest.substr(s.pack_pos, s.pack_sizes[0]), &header)) return out;
  out.inflated_bytes = header.size();
  Cursor h(header);
  if (h.Byte() == kHeader) ReadHeader(&h, max_names, &out);
  return out;
}

}  // namespace ohm
