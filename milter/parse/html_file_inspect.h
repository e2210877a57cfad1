// HTML and SVG files sent as attachments. A web page attached to a mail is
// how credential phishing reaches a reader past link scanners: the file
// opens in a browser from the local disk, shows a fake sign-in form or sends
// the browser to one ("HTML smuggling"), and SVG images carry the same
// scripts. Mailbox providers' filters open such files; so does ohm, reading
// them with the same tokenizer as an HTML body (parse/html_tokenizer.h).
#ifndef OHM_PARSE_HTML_FILE_INSPECT_H_
#define OHM_PARSE_HTML_FILE_INSPECT_H_

#include <string_view>

namespace ohm {

// True when a non-body part is an HTML or SVG document: its media type is
// text/html, application/xhtml+xml or image/svg+xml, or its name ends in
// .htm, .html, .shtml, .xhtml, .svg, .mht or .mhtml (any case).
// `content_type` is lower case "type/subtype".
bool IsHtmlFile(std::string_view content_type, std::string_view filename);

// What makes an HTML or SVG document active when it is opened, in words for a
// verdict ("a script", "a form", "an automatic redirect", "a frame or
// embedded object", "an event handler", "a javascript: link"), the first
// found; "" for a passive document (text, images, links). Reads at most
// `html`; linear in its size.
std::string_view ActiveHtmlContent(std::string_view html);

}  // namespace ohm

#endif  // OHM_PARSE_HTML_FILE_INSPECT_H_
