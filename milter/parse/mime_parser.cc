#include "parse/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "parse/address.h"
#include "parse/attachment_inspect.h"
#include "parse/html_file_inspect.h"
#include "parse/html_nesting.h"
#include "parse/html_text.h"
#include "parse/part_content.h"
#include "parse/url_extract.h"
#include "parse/utf8_text.h"

namespace ohm {

namespace {

constexpr size_t kMaxDefects = 32;   // distinct defect phrases kept per message
constexpr size_t kMaxQuoted = 40;    // bytes of message text quoted in a phrase

void AddOnce(std::vector<std::string>* list, std::string phrase, size_t cap) {
  if (list->size() >= cap || std::find(list->begin(), list->end(), phrase) != list->end()) return;
  list->push_back(std::move(phrase));
}

void AppendJoined(std::string* joined, std::string_view text, bool first) {
  if (!first) joined->push_back('\n');
  joined->append(text);
}

// Only the MIME fields of the message header matter to GMime here. Leaving the
// rest out (Received, To, Cc, ...) saves the time GMime spends parsing them.
bool IsMimeField(std::string_view name) {
  return StartsWithIgnoreCase(name, "Content-") || EqualsIgnoreCase(name, "MIME-Version");
}

bool IsValidFieldName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && u != ':';
  });
}

// Appends a field value so that GMime reads it back as one field: folding is
// kept, but a line break not followed by white space (possible in values that
// came from a milter, never in a file) is folded rather than left to start a
// new field or end the header. NULs would cut GMime's C strings short.
void AppendFieldValue(std::string_view value, std::string* out) {
  for (size_t i = 0; i < value.size(); i++) {
    char c = value[i];
    out->push_back(c == '\0' ? ' ' : c);
    if (c == '\n' && (i + 1 == value.size() || (value[i + 1] != ' ' && value[i + 1] != '\t'))) out->push_back(' ');
  }
}

// Returns how much of `body` to give GMime: all of it, unless it has more lines
// that may be boundaries ("--...") than `max_boundary_lines`. GMime builds an
// object for every part it finds, so this bounds its memory by the part limit
// instead of the body size.
size_t BoundedBodyLength(std::string_view body, size_t max_boundary_lines) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    if (body.size() - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-' && ++count > max_boundary_lines) {
      return pos;
    }
    const void* nl = std::memchr(body.data() + pos, '\n', body.size() - pos);
    if (nl == nullptr) break;
    pos = static_cast<size_t>(static_cast<const char*>(nl) - body.data()) + 1;
  }
  return body.size();
}

// Unfolds, RFC 2047-decodes and trims an unstructured header value.
std::string DecodeHeaderText(std::string_view raw_value, GMimeParserOptions* options) {
  std::string unfolded;
  unfolded.reserve(raw_value.size());
  for (char c : raw_value) {
    if (c == '\r' || c == '\n') continue;
    unfolded.push_back(c == '\0' ? ' ' : c);
  }
  std::string text;
  if (char* decoded = g_mime_utils_header_decode_text(options, unfolded.c_str())) {
    AppendLenientUtf8(decoded, &text);
    g_free(decoded);
  }
  return std::string(TrimWhiteSpace(text));
}

// Turns one RawMessage into a ParsedMessage; one instance per message.
class MessageParser {
 public:
  MessageParser(const RawMessage& raw, const ParseLimits& limits, ParsedMessage* out)
      : raw_(raw), limits_(limits), out_(out) {}

  void Run() {
    GMimeParserOptions* options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, &MessageParser::OnWarning, this);
    ParseBody(options);
    ParseHeaders(options);  // after the body, whose charset helps with raw 8-bit headers
    g_mime_parser_options_free(options);
  }

 private:
  static void OnWarning(gint64 /*offset*/, GMimeParserWarning code, const gchar* item, gpointer self) {
    static_cast<MessageParser*>(self)->Warning(code, item != nullptr ? item : "");
  }

  void Warning(GMimeParserWarning code, std::string_view item) {
    std::string quoted = "'" + PrintableAscii(item, kMaxQuoted) + "'";
    switch (code) {
      case GMIME_WARN_DUPLICATED_HEADER:
      case GMIME_CRIT_CONFLICTING_HEADER:
        Defect("duplicate header " + quoted);
        break;
      case GMIME_WARN_DUPLICATED_PARAMETER:
      case GMIME_CRIT_CONFLICTING_PARAMETER:
        Defect("duplicate parameter " + quoted);
        break;
      case GMIME_WARN_INVALID_CONTENT_TYPE:
        Defect("invalid Content-Type");
        break;
      case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
        Defect("invalid RFC 2047 encoded word");
        break;
      case GMIME_WARN_INVALID_PARAMETER:
        Defect("invalid header parameter");
        break;
      case GMIME_WARN_MALFORMED_MESSAGE:
        Defect("malformed message");
        break;
      case GMIME_CRIT_INVALID_HEADER_NAME:
        Defect("invalid header name");
        break;
      case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        Defect("multipart without boundary parameter");
        break;
      case GMIME_CRIT_NESTING_OVERFLOW:
        Defect("MIME nesting overflow");
        break;
      case GMIME_WARN_PART_WITHOUT_CONTENT:
        Defect("MIME part headers ended by a boundary");
        break;
      case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        Defect("MIME part without headers or content");
        break;
      default:
        // Missing closing boundaries are found on the tree (Walk), where
        // truncation by us can be told apart; 8-bit headers and address
        // lists are judged elsewhere from the raw header.
        break;
    }
  }

  void Defect(std::string phrase) { AddOnce(&out_->defects, std::move(phrase), kMaxDefects); }
  void LimitHit(std::string phrase) { AddOnce(&out_->limits_hit, std::move(phrase), kMaxDefects); }

  // Returns the first charset a text part declares other than ASCII and
  // UTF-8: headers with raw 8-bit text are most likely in it too.
  std::string BodyCharset() const {
    for (const TextPart& part : out_->text_parts) {
      const std::string& cs = part.charset;
      if (!cs.empty() && cs != "us-ascii" && cs != "utf-8" && cs != "utf8" && cs.size() <= kMaxQuoted) return cs;
    }
    return "";
  }

  void ParseHeaders(GMimeParserOptions* options) {
    std::string body_charset = BodyCharset();
    if (!body_charset.empty()) {
      const char* charsets[] = {"utf-8", body_charset.c_str(), "iso-8859-1", nullptr};
      g_mime_parser_options_set_fallback_charsets(options, charsets);
    }
    if (const std::string* subject = raw_.Find("Subject")) out_->subject = DecodeHeaderText(*subject, options);
    if (const std::string* from = raw_.Find("From")) {
      FromField field = ParseFromField(*from, body_charset);
      out_->from_display = std::move(field.display);
      out_->from_addresses = std::move(field.addresses);
      out_->from_names = std::move(field.names);
      out_->from_parse_failed = field.parse_failed;
    }
    if (raw_.Find("Content-Type") != nullptr && raw_.Find("MIME-Version") == nullptr) {
      Defect("Content-Type without MIME-Version");
    }
  }

  void ParseBody(GMimeParserOptions* options) {
    size_t body_length = BoundedBodyLength(raw_.body, 2 * limits_.max_mime_parts + 16);
    if (body_length < raw_.body.size()) LimitHit(PartLimitPhrase());
    // A multipart cut short by us (or by the collector) is no fault of the sender.
    input_cut_ = raw_.body_truncated || body_length < raw_.body.size();

    std::string head;
    for (const HeaderField& field : raw_.headers) {
      if (!IsMimeField(field.name) || !IsValidFieldName(field.name)) continue;
      head.append(field.name).append(": ");
      AppendFieldValue(field.value, &head);
      head.push_back('\n');
    }
    head.push_back('\n');
    GByteArray* bytes = g_byte_array_sized_new(static_cast<guint>(head.size() + body_length));
    g_byte_array_append(bytes, reinterpret_cast<const guint8*>(head.data()), static_cast<guint>(head.size()));
    g_byte_array_append(bytes, reinterpret_cast<const guint8*>(raw_.body.data()), static_cast<guint>(body_length));
    GMimeStream* stream = g_mime_stream_mem_new_with_byte_array(bytes);  // owns `bytes`
    GMimeParser* parser = g_mime_parser_new_with_stream(stream);
    g_object_unref(stream);
    GMimeMessage* message = g_mime_parser_construct_message(parser, options);
    g_object_unref(parser);  // parts keep the stream alive as long as they need it

    GMimeObject* root = message != nullptr ? g_mime_message_get_mime_part(message) : nullptr;
    if (root != nullptr) {
      Walk(root, 0);
    } else {
      Defect("unparsable MIME structure");
      AddRawText(std::string_view(raw_.body).substr(0, body_length));
    }
    if (message != nullptr) g_object_unref(message);
  }

  std::string PartLimitPhrase() const {
    return "MIME part limit " + std::to_string(limits_.max_mime_parts) + " reached";
  }

  // Depth-first over the MIME tree, at most max_mime_depth levels deep.
  void Walk(GMimeObject* object, size_t depth) {
    if (out_->mime_parts >= limits_.max_mime_parts) {
      LimitHit(PartLimitPhrase());
      return;
    }
    out_->mime_parts++;
    out_->mime_depth = std::max(out_->mime_depth, depth);
    CheckTransferEncoding(object);
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      if (g_mime_object_get_content_type_parameter(object, "boundary") == nullptr) {
        Defect("multipart without boundary parameter");
        // GMime keeps the whole content as prologue; a reader may still see it.
        if (const char* prologue = g_mime_multipart_get_prologue(multipart)) AddRawText(prologue);
      } else if (!multipart->write_end_boundary && !input_cut_) {
        Defect("multipart without closing boundary");
      }
      int count = g_mime_multipart_get_count(multipart);
      if (count > 0 && !CanDescend(depth)) return;
      for (int i = 0; i < count; i++) Walk(g_mime_multipart_get_part(multipart, i), depth + 1);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      GMimeObject* inner_root = inner != nullptr ? g_mime_message_get_mime_part(inner) : nullptr;
      if (inner_root != nullptr && CanDescend(depth)) Walk(inner_root, depth + 1);
    } else if (GMIME_IS_PART(object)) {
      Leaf(GMIME_PART(object));
    }
  }

  bool CanDescend(size_t depth) {
    if (depth + 1 <= limits_.max_mime_depth) return true;
    LimitHit("MIME depth limit " + std::to_string(limits_.max_mime_depth) + " reached");
    return false;
  }

  void CheckTransferEncoding(GMimeObject* object) {
    const char* header = g_mime_object_get_header(object, "Content-Transfer-Encoding");
    if (header == nullptr) return;
    std::string_view value = TrimWhiteSpace(header);
    std::string lowered = AsciiLowered(value);
    static constexpr std::string_view kKnown[] = {"7bit",       "8bit",     "binary", "base64", "quoted-printable",
                                                  "x-uuencode", "uuencode", "x-uue"};
    if (std::find(std::begin(kKnown), std::end(kKnown), lowered) == std::end(kKnown)) {
      Defect("invalid Content-Transfer-Encoding '" + PrintableAscii(value, kMaxQuoted) + "'");
    }
  }

  void Leaf(GMimePart* part) {
    std::string type = "application/octet-stream";
    if (GMimeContentType* content_type = g_mime_object_get_content_type(GMIME_OBJECT(part))) {
      const char* media = g_mime_content_type_get_media_type(content_type);
      const char* sub = g_mime_content_type_get_media_subtype(content_type);
      if (media != nullptr && sub != nullptr) type = AsciiLowered(std::string(media) + "/" + sub);
    }
    bool attachment = g_mime_part_is_attachment(part);
    if (!attachment && (type == "text/plain" || type == "text/html")) {
      AddTextPart(part, type == "text/html");
      return;
    }
    Attachment file;
    if (const char* filename = g_mime_part_get_filename(part)) AppendLenientUtf8(filename, &file.filename);
    file.content_type = std::move(type);
    file.is_inline = !attachment;
    // Archives, Office documents and PDFs are read for what hides in them;
    // the first bytes tell which files those are, whatever they are named.
    DecodedContent head = DecodePartContent(part, kFileSniffBytes, /*keep=*/true);
    file.program = IsProgramFile(head.bytes);
    if (IsInspectableFile(head.bytes)) {
      DecodedContent content = Decode(part, /*keep=*/true);
      file.size = content.size;
      // What a PDF's object streams or a 7z header inflate to counts as
      // decoded bytes: a message of many small compression bombs stops at
      // the message's limit. (A file stopped at its own 4 MB cap is no
      // message limit, and not noted.)
      size_t budget = limits_.max_decoded_bytes - decoded_bytes_;
      FileInspection inspection = InspectFile(content.bytes, budget);
      decoded_bytes_ += inspection.inflated_bytes;
      if (budget < kMaxInflatedPdfBytes && inspection.inflate_budget_hit) LimitHit("decoded size limit reached");
      file.archive_entries = std::move(inspection.archive_entries);
      file.archive_encrypted = inspection.archive_encrypted;
      file.office_macros = inspection.office_macros;
      file.pdf_active_content = inspection.pdf_active_content;
      file.embedded_objects = inspection.embedded_objects;
    } else if (IsHtmlFile(file.content_type, file.filename)) {
      // A web page or SVG image opened from the disk runs what it holds.
      DecodedContent content = Decode(part, /*keep=*/true);
      file.size = content.size;
      file.html_file = true;
      file.html_active = ActiveHtmlContent(content.bytes);
    } else {
      file.size = Decode(part, /*keep=*/false).size;
    }
    out_->attachments.push_back(std::move(file));
  }

  DecodedContent Decode(GMimePart* part, bool keep) {
    DecodedContent content = DecodePartContent(part, limits_.max_decoded_bytes - decoded_bytes_, keep);
    decoded_bytes_ += content.size;
    if (content.truncated) LimitHit("decoded size limit reached");
    if (content.invalid_base64) Defect("base64 with invalid characters");
    return content;
  }

  void AddTextPart(GMimePart* part, bool html) {
    DecodedContent content = Decode(part, /*keep=*/true);
    const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string declared = charset != nullptr ? AsciiLowered(TrimWhiteSpace(charset)) : "";
    std::string utf8;
    if (!AppendCharsetAsUtf8(content.bytes, declared, &utf8)) {
      Defect("unknown charset '" + PrintableAscii(declared, kMaxQuoted) + "'");
    }
    if (html) {
      AddHtmlText(std::move(utf8), std::move(declared));
    } else {
      AddPlainText(std::move(utf8), std::move(declared));
    }
  }

  // Adds bytes of unknown charset that GMime did not see as a text part.
  void AddRawText(std::string_view bytes) {
    std::string text;
    AppendLenientUtf8(bytes.substr(0, limits_.max_decoded_bytes - decoded_bytes_), &text);
    if (bytes.size() > limits_.max_decoded_bytes - decoded_bytes_) LimitHit("decoded size limit reached");
    decoded_bytes_ += std::min(bytes.size(), limits_.max_decoded_bytes - decoded_bytes_);
    AddPlainText(std::move(text), "");
  }

  // Adds a text/plain part whose text is valid UTF-8 already.
  void AddPlainText(std::string text, std::string charset) {
    TextPart part;
    part.content_type = "text/plain";
    part.charset = std::move(charset);
    part.text = std::move(text);
    if (!ExtractBareUrls(part.text, limits_.max_links, &out_->links)) LimitHit(LinkLimitPhrase());
    AppendJoined(&out_->plain_text, part.text, !out_->has_text_plain);
    out_->has_text_plain = true;
    AddToBody(std::move(part));
  }

  void AddHtmlText(std::string html, std::string charset) {
    AppendJoined(&out_->html_raw, html, !out_->has_text_html);
    std::string_view document = html;
    if (document.size() > limits_.max_html_bytes) {
      document = Utf8Prefix(document, limits_.max_html_bytes);
      LimitHit("HTML size limit reached");
    }
    if (size_t cut = HtmlNestingCut(document, limits_.max_html_depth); cut < document.size()) {
      document = document.substr(0, cut);
      LimitHit("HTML nesting limit " + std::to_string(limits_.max_html_depth) + " reached");
    }
    HtmlContent rendered = RenderHtml(document, limits_.max_links - std::min(limits_.max_links, out_->links.size()),
                                      limits_.max_images - std::min(limits_.max_images, out_->images.size()));
    for (Link& link : rendered.links) out_->links.push_back(std::move(link));
    for (Image& image : rendered.images) out_->images.push_back(std::move(image));
    out_->script_tags += rendered.script_tags;
    out_->event_handlers += rendered.event_handlers;
    out_->javascript_urls += rendered.javascript_urls;
    out_->html_forms += rendered.forms;
    out_->password_fields += rendered.password_fields;
    out_->hidden_text_chars += rendered.hidden_text_chars;
    out_->zero_font_text_chars += rendered.zero_font_text_chars;
    if (out_->hidden_text_sample.empty()) out_->hidden_text_sample = std::move(rendered.hidden_text_sample);
    if (out_->zero_font_text_sample.empty()) out_->zero_font_text_sample = std::move(rendered.zero_font_text_sample);
    if (rendered.link_limit_hit) LimitHit(LinkLimitPhrase());
    if (rendered.image_limit_hit) LimitHit("image limit " + std::to_string(limits_.max_images) + " reached");

    TextPart part;
    part.content_type = "text/html";
    part.charset = std::move(charset);
    part.text = std::move(rendered.text);
    AppendJoined(&out_->html_text, part.text, !out_->has_text_html);
    out_->has_text_html = true;
    AddToBody(std::move(part));
  }

  std::string LinkLimitPhrase() const { return "link limit " + std::to_string(limits_.max_links) + " reached"; }

  void AddToBody(TextPart part) {
    AppendJoined(&out_->body_text, part.text, out_->text_parts.empty());
    out_->text_parts.push_back(std::move(part));
  }

  const RawMessage& raw_;
  const ParseLimits& limits_;
  ParsedMessage* out_;
  size_t decoded_bytes_ = 0;
  bool input_cut_ = false;
};

}  // namespace

void EnsureGMimeInit() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string DecodeUnstructuredHeader(std::string_view raw_value) {
  EnsureGMimeInit();
  GMimeParserOptions* options = g_mime_parser_options_new();
  std::string text = DecodeHeaderText(raw_value, options);
  g_mime_parser_options_free(options);
  return text;
}

ParsedMessage ParseMessage(const RawMessage& raw, const ParseLimits& limits) {
  EnsureGMimeInit();
  ParsedMessage parsed;
  MessageParser(raw, limits, &parsed).Run();
  return parsed;
}

}  // namespace ohm
