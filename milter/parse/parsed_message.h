// The message as the content checks see it: decoded headers, the MIME tree
// flattened into text, HTML rendered to text, links, images and attachments,
// and every structural fault the parser met. Produced once per message by
// ParseMessage (mime_parser.h) and read by features and rules.
#ifndef OHM_PARSE_PARSED_MESSAGE_H_
#define OHM_PARSE_PARSED_MESSAGE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace ohm {

struct Link {
  std::string href;     // as written (entity-decoded), e.g. "https://example.com/x"
  std::string host;     // lower-case host of href, empty when none (mailto:, relative)
  std::string text;     // visible text of the <a>, empty for bare URLs in plain text
  bool from_html = false;
};

struct Image {
  std::string src;
  std::string alt;
  bool has_alt = false;   // alt attribute present (even if empty)
  bool remote = false;    // http(s) src, as opposed to cid: or data:
};

struct Attachment {
  std::string filename;      // decoded (RFC 2231/2047), may be empty
  std::string content_type;  // lower-case "type/subtype"
  size_t size = 0;           // decoded size in bytes
  bool is_inline = false;    // Content-Disposition is not "attachment" (e.g. an image the HTML shows)
  // What its bytes show (attachment_inspect.h), for archives, Office documents and PDFs.
  std::vector<std::string> archive_entries;  // names inside a ZIP archive
  bool archive_encrypted = false;            // a password-protected entry
  bool office_macros = false;                // a VBA macro project
  bool pdf_active_content = false;           // PDF JavaScript or launch action
  bool embedded_objects = false;             // an embedded OLE object (RTF, OLE2, OOXML)
  bool program = false;                      // the bytes are a program or shortcut, whatever the name
  bool html_file = false;                    // an HTML or SVG document (html_file_inspect.h)
  std::string html_active;                   // what makes that document active ("a script"), "" if nothing
};

struct TextPart {
  std::string content_type;  // "text/plain" or "text/html"
  std::string text;          // UTF-8; for HTML, the rendered text
  std::string charset;       // declared charset, lower-case; empty when none
};

struct ParsedMessage {
  std::string subject;         // RFC 2047-decoded, UTF-8, unfolded; empty if none
  std::string from_display;    // decoded display name of the first From address
  std::vector<std::string> from_addresses;  // addr-specs in From, lower-case domain
  std::vector<std::string> from_names;      // each From mailbox's decoded display name ("" for none), in order
  bool from_parse_failed = false;  // From present but no address could be parsed

  std::vector<TextPart> text_parts;  // in MIME order
  std::string body_text;      // all text parts' text joined with "\n" (HTML rendered)
  std::string plain_text;     // text/plain parts only
  std::string html_text;      // text/html parts rendered to text
  std::string html_raw;       // text/html parts decoded, markup kept (for rawbody rules)

  std::vector<Link> links;
  std::vector<Image> images;
  std::vector<Attachment> attachments;

  bool has_text_plain = false;
  bool has_text_html = false;
  size_t mime_parts = 0;       // leaf and container parts
  size_t mime_depth = 0;       // 0 for a single-part message
  size_t script_tags = 0;      // <script> elements in HTML
  size_t event_handlers = 0;   // on*= attributes in HTML
  size_t javascript_urls = 0;  // javascript: or vbscript: hrefs/srcs
  size_t html_forms = 0;       // <form> elements in HTML
  size_t password_fields = 0;  // <input type=password> in HTML
  size_t hidden_text_chars = 0;  // non-blank characters of HTML text hidden by inline style
  size_t zero_font_text_chars = 0;  // of those, hidden only by font-size:0
  std::string hidden_text_sample;     // the start of the text hidden otherwise, for the verdict
  std::string zero_font_text_sample;  // the start of the zero-size text

  // Structural faults, each a short English phrase, e.g.
  // "multipart without closing boundary", "invalid Content-Transfer-Encoding 'x-foo'".
  std::vector<std::string> defects;
  // Limits that were reached while parsing, e.g. "MIME depth limit 20 reached".
  std::vector<std::string> limits_hit;
};

}  // namespace ohm

#endif  // OHM_PARSE_PARSED_MESSAGE_H_
