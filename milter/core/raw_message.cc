#include "core/raw_message.h"

#include <algorithm>
#include <cstring>

namespace ohm {

namespace {

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

// RFC 5322 ftext: printable US-ASCII except ':'.
bool IsFieldNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && u != ':';
}

// One input line: its content without the line break, and the break itself
// ("\r\n", "\n", or empty at the end of input).
struct Line {
  std::string_view text;
  std::string_view eol;
};

// Reads the line starting at `pos` and advances `pos` past its line break.
Line NextLine(std::string_view bytes, size_t* pos) {
  size_t start = *pos;
  const void* nl = std::memchr(bytes.data() + start, '\n', bytes.size() - start);
  size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - bytes.data()) : bytes.size();
  size_t next = nl ? end + 1 : end;
  size_t text_end = end;
  if (nl && text_end > start && bytes[text_end - 1] == '\r') text_end--;
  *pos = next;
  return Line{bytes.substr(start, text_end - start), bytes.substr(text_end, next - text_end)};
}

// Splits "Name: value" (white space allowed before the colon, as the obsolete
// syntax does). Returns false when the line is not a header field.
bool SplitFieldLine(std::string_view line, std::string_view* name, std::string_view* value) {
  size_t i = 0;
  while (i < line.size() && IsFieldNameChar(line[i])) i++;
  if (i == 0) return false;
  size_t name_end = i;
  while (i < line.size() && IsWsp(line[i])) i++;
  if (i == line.size() || line[i] != ':') return false;
  i++;
  while (i < line.size() && IsWsp(line[i])) i++;
  *name = line.substr(0, name_end);
  *value = line.substr(i);
  return true;
}

// Folding is kept in values: a line's break belongs to the value when the
// next line continues the field, and never otherwise.
void AppendBreakIfFolded(std::string_view bytes, size_t next, const Line& line, std::string* value) {
  if (next < bytes.size() && IsWsp(bytes[next])) value->append(line.eol);
}

// std::string::reserve rounds a request below twice the old capacity up to
// twice it; a fresh string gets exactly what is asked.
void ReserveExactly(std::string* s, size_t capacity) {
  if (capacity <= s->capacity()) return;
  std::string grown;
  grown.reserve(capacity);
  grown.append(*s);
  s->swap(grown);
}

}  // namespace

const std::string* RawMessage::Find(std::string_view name) const {
  for (const HeaderField& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return &h.value;
  }
  return nullptr;
}

size_t RawMessage::Count(std::string_view name) const {
  return static_cast<size_t>(std::count_if(headers.begin(), headers.end(), [&](const HeaderField& h) {
    return EqualsIgnoreCase(h.name, name);
  }));
}

size_t RawMessage::WireSize() const {
  // "Name: value\r\n" per field, the empty separator line, then the body. The
  // white space after the colon was not kept, so one space stands for it.
  size_t size = 0;
  for (const HeaderField& h : headers) size += h.name.size() + 2 + h.value.size() + 2;
  return size + 2 + body_bytes_seen;
}

void AddHeader(RawMessage* msg, std::string name, std::string value, const CollectLimits& limits) {
  if (msg->headers.size() >= limits.max_headers) {
    msg->headers_dropped++;
    return;
  }
  if (value.size() > limits.max_header_bytes) {
    value.resize(limits.max_header_bytes);
    msg->headers_cut++;
  }
  msg->headers.push_back(HeaderField{std::move(name), std::move(value)});
}

void AppendBody(RawMessage* msg, std::string_view chunk, const CollectLimits& limits) {
  msg->body_bytes_seen += chunk.size();
  std::string& body = msg->body;
  if (!msg->body_truncated) {
    size_t room = limits.max_body_bytes > body.size() ? limits.max_body_bytes - body.size() : 0;
    size_t take = std::min(room, chunk.size());
    if (body.size() + take > body.capacity()) {
      // Grow geometrically, but never past the limit: a message just under it
      // must not hold twice its size.
      ReserveExactly(&body, std::min(std::max(body.size() + take, 2 * body.capacity()), limits.max_body_bytes));
    }
    body.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (chunk.empty()) return;
    // Past the limit: the kept start ends at its last complete line, and the
    // line cut there is where the structure scan starts.
    msg->body_truncated = true;
    // A start whose last line is long (a huge line of HTML, say) is kept
    // whole and ended with a line break, so the structure that follows starts
    // on a line of its own.
    size_t line_end = body.rfind('\n');
    if (line_end == std::string::npos || body.size() - line_end > StructureTail::kMaxLineBytes) {
      msg->body_prefix_bytes = body.size();
      ReserveExactly(&body, body.size() + 1 + limits.max_structure_bytes);
      body.push_back('\n');
      msg->structure_tail.BeginMidLine();
    } else {
      msg->body_prefix_bytes = line_end + 1;
      msg->structure_tail.Begin(std::string_view(body).substr(line_end + 1));
      body.resize(line_end + 1);
      ReserveExactly(&body, body.size() + limits.max_structure_bytes);
    }
  }
  msg->structure_tail.Feed(chunk, limits.max_structure_bytes, &body);
}

RawMessage SplitMessage(std::string_view bytes, const CollectLimits& limits) {
  RawMessage msg;
  size_t pos = 0;
  // A file saved from an mbox starts with a "From " envelope line, which no MTA
  // would hand to a milter; it is not part of the message.
  if (bytes.substr(0, 5) == "From ") NextLine(bytes, &pos);

  size_t body_start = pos;
  bool separator_found = false;
  std::string name;
  std::string value;
  bool have_field = false;
  while (pos < bytes.size()) {
    size_t line_start = pos;
    Line line = NextLine(bytes, &pos);
    if (line.text.empty()) {  // the empty line that ends the header section
      separator_found = true;
      body_start = pos;
      break;
    }
    if (IsWsp(line.text[0]) && have_field) {  // continuation of the field before
      value.append(line.text);
      AppendBreakIfFolded(bytes, pos, line, &value);
      body_start = pos;
      continue;
    }
    std::string_view field_name;
    std::string_view field_value;
    if (!SplitFieldLine(line.text, &field_name, &field_value)) {
      // Not a header: the header section ends without its empty line, and
      // this line is the first of the body.
      body_start = line_start;
      break;
    }
    if (have_field) AddHeader(&msg, std::move(name), std::move(value), limits);
    name.assign(field_name);
    value.assign(field_value);
    have_field = true;
    AppendBreakIfFolded(bytes, pos, line, &value);
    body_start = pos;
  }
  if (have_field) AddHeader(&msg, std::move(name), std::move(value), limits);
  msg.headers_complete = separator_found;
  AppendBody(&msg, bytes.substr(body_start), limits);
  return msg;
}

}  // namespace ohm
