// Which HTML attributes hold URLs or script, and which URLs run script or
// open a document of their own when followed. Shared by the renderer of HTML bodies
// (html_text: counts javascript: links) and the inspection of attached HTML
// files (html_file_inspect), so both read a URL the way a browser does.
#ifndef OHM_PARSE_SCRIPT_URL_H_
#define OHM_PARSE_SCRIPT_URL_H_

#include <string_view>

namespace ohm {

// True when an attribute named `name` (lower case, as the tokenizer gives
// it) holds a URL that a client loads or follows: href, src, action, ...
bool IsUrlAttribute(std::string_view name);

// True when an attribute named `name` (lower case) is an event handler, whose
// value a browser runs as script: "on" and at least one more letter (onclick,
// onload, onerror, ...).
bool IsEventHandlerAttribute(std::string_view name);

// True when `url`'s scheme is "javascript:" or "vbscript:", compared as a
// browser does: leading white space and control characters are skipped, tabs
// and line breaks anywhere in the scheme are ignored ("java&#9;script:"),
// case is ignored; any other character (a space inside) ends the scheme.
bool IsScriptSchemeUrl(std::string_view url);

// True when `url` is a data: URL of an HTML or SVG document ("data:text/html",
// "data:image/svg+xml"), which a browser opens as a page that can run
// script. The scheme is read as IsScriptSchemeUrl reads it.
bool IsDocumentDataUrl(std::string_view url);

}  // namespace ohm

#endif  // OHM_PARSE_SCRIPT_URL_H_
