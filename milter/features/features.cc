#include "features/features.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "core/ascii.h"
#include "features/attachment_metrics.h"
#include "features/header_metrics.h"
#include "features/sender_metrics.h"
#include "features/styled_letters.h"
#include "features/link_metrics.h"
#include "features/obfuscated_words.h"
#include "features/script_mixing.h"
#include "features/text_metrics.h"
#include "parse/address.h"

namespace ohm {

namespace {

// Feature ids, in catalogue order; append new features at the end of both.
enum FeatureId : size_t {
  kRecipients, kHeaderCount, kBodyBytes, kMimeParts, kMimeDepth, kLinks, kImages, kAttachments, kTextChars,
  // subject
  kSubjectChars, kSubjectLetters, kSubjectCapsRatio, kSubjectCapsWords, kSubjectExclamations,
  kSubjectExclamationRun,
  // body text
  kBodyWords, kBodyLetters, kBodyCapsRatio, kBodyCapsWords, kBodyCapsRun, kBodyExclamations,
  kBodyExclamationRun,
  // links
  kHtmlLinks, kBareUrls, kLinkTextChars, kLinkTextRatio, kLinksPer100Words, kLinkTextDomainMismatches,
  kLinkHosts,
  // HTML and images
  kHtmlTextChars, kImagesWithoutAlt, kRemoteImages, kTextCharsPerImage, kImageAttachments,
  kScriptTags, kEventHandlers, kJavascriptUrls, kScriptAttachments, kExecutableAttachments,
  // sender
  kFromAddresses, kFromUnparsable, kFromNameOtherDomain,
  // RFC 5322 / MIME
  kDateUnparsable, kDateSkewHours, kDuplicateFields, kFields8Bit, kLongestLine, kMimeDefects,
  kMissingClosingBoundary, kBadTransferEncoding, kContentTypeWithoutMimeVersion, kHtmlOnly,
  // what attachments hold
  kArchiveRiskyEntries, kEncryptedArchives, kOfficeMacroAttachments, kPdfActiveContent,
  // look-alike letters
  kFromNameMixedScriptWords, kSubjectMixedScriptWords, kBodyMixedScriptWords, kLinkHostsMixedScript,
  kOfficeEmbeddedObjects,
  // forms and hidden text
  kHtmlForms, kPasswordFields, kHiddenTextChars, kZeroFontTextChars,
  kReplyToOtherDomain, kNestedArchives,
  // digits or symbols for letters
  kFromNameObfuscatedWords, kSubjectObfuscatedWords, kBodyObfuscatedWords,
  // styled Unicode letters
  kFromNameStyledLetters, kSubjectStyledLetters, kBodyStyledLetters,
  // attached web pages, and From fields that disagree
  kHtmlAttachments, kActiveHtmlAttachments, kFromFieldsConflict,
  kFeatureCount
};

// Each entry names its id, so an entry out of order fails to compile (the
// names are what rule files read; a shift would make them read other values).
struct CatalogueEntry {
  FeatureId id;
  FeatureInfo info;
};

constexpr CatalogueEntry kCatalogueEntries[] = {
    {kRecipients, {"recipients", "envelope recipients", false}},
    {kHeaderCount, {"header_count", "header fields in the message", false}},
    {kBodyBytes, {"body_bytes", "body size in bytes as received", false}},
    {kMimeParts, {"mime_parts", "MIME parts (containers and leaves)", true}},
    {kMimeDepth, {"mime_depth", "deepest MIME nesting", true}},
    {kLinks, {"links", "links (HTML anchors and bare URLs)", true}},
    {kImages, {"images", "images in HTML parts", true}},
    {kAttachments, {"attachments", "attachments", true}},
    {kTextChars, {"text_chars", "characters of visible text in all text parts", true}},
    {kSubjectChars, {"subject_chars", "characters in the decoded subject, blanks trimmed", false}},
    {kSubjectLetters, {"subject_letters", "cased letters in the subject", false}},
    {kSubjectCapsRatio, {"subject_caps_ratio", "capital letters / letters in the subject (0..1)", false}},
    {kSubjectCapsWords, {"subject_caps_words", "ALL-CAPS words of 3+ letters in the subject", false}},
    {kSubjectExclamations, {"subject_exclamations", "exclamation marks in the subject", false}},
    {kSubjectExclamationRun, {"subject_exclamation_run", "longest run of exclamation marks in the subject (\"!!\" = 2)", false}},
    {kBodyWords, {"body_words", "words in the body text (all text parts, HTML rendered)", true}},
    {kBodyLetters, {"body_letters", "cased letters in the body text", true}},
    {kBodyCapsRatio, {"body_caps_ratio", "capital letters / letters in the body text (0..1)", true}},
    {kBodyCapsWords, {"body_caps_words", "ALL-CAPS words of 3+ letters in the body text", true}},
    {kBodyCapsRun, {"body_caps_run", "longest run of consecutive ALL-CAPS words in the body text", true}},
    {kBodyExclamations, {"body_exclamations", "exclamation marks in the body text", true}},
    {kBodyExclamationRun, {"body_exclamation_run", "longest run of exclamation marks in the body text", true}},
    {kHtmlLinks, {"html_links", "<a href> links in HTML parts", true}},
    {kBareUrls, {"bare_urls", "URLs written as text in text/plain parts", true}},
    {kLinkTextChars, {"link_text_chars", "characters of visible link text in HTML parts", true}},
    {kLinkTextRatio, {"link_text_ratio", "link text / rendered HTML text (0..1; 0 without HTML text)", true}},
    {kLinksPer100Words, {"links_per_100_words", "links per 100 words of body text (links when there are no words)", true}},
    {kLinkTextDomainMismatches, {"link_text_domain_mismatches", "links whose visible text is a URL of another domain than their href", true}},
    {kLinkHosts, {"link_hosts", "distinct hosts linked to", true}},
    {kHtmlTextChars, {"html_text_chars", "characters of rendered text in HTML parts", true}},
    {kImagesWithoutAlt, {"images_without_alt", "HTML images without an alt attribute", true}},
    {kRemoteImages, {"remote_images", "HTML images loaded from http(s) URLs", true}},
    {kTextCharsPerImage, {"text_chars_per_image", "rendered HTML text characters per HTML image (0 without images)", true}},
    {kImageAttachments, {"image_attachments", "image/* parts (attachments or inline)", true}},
    {kScriptTags, {"script_tags", "<script> elements in HTML parts", true}},
    {kEventHandlers, {"event_handlers", "on*= event attributes in HTML parts", true}},
    {kJavascriptUrls, {"javascript_urls", "javascript: URLs in HTML parts", true}},
    {kScriptAttachments, {"script_attachments", "attachments named *.js, *.vbs, *.hta, *.wsf, *.jse, *.vbe", true}},
    {kExecutableAttachments, {"executable_attachments", "attachments of the other file types Gmail refuses (*.exe, *.scr, *.bat, *.msi, *.jar, *.iso, ...), or whose bytes are a program or shortcut whatever their name", true}},
    {kFromAddresses, {"from_addresses", "addresses in the From field", false}},
    {kFromUnparsable, {"from_unparsable", "1 when From is present but no address can be parsed from it", false}},
    {kFromNameOtherDomain, {"from_name_other_domain", "1 when the From display name shows an address of another domain than the From address", false}},
    {kDateUnparsable, {"date_unparsable", "1 when a Date field is present but is not an RFC 5322 date", false}},
    {kDateSkewHours, {"date_skew_hours", "Date minus the top Received time in hours; negative = in the past; 0 without Received", false}},
    {kDuplicateFields, {"duplicate_fields", "single-instance header fields that occur more than once", false}},
    {kFields8Bit, {"fields_8bit", "header fields with raw 8-bit bytes", false}},
    {kLongestLine, {"longest_line", "longest line in bytes (RFC 5322 limit: 998)", false}},
    {kMimeDefects, {"mime_defects", "structural MIME faults found by the parser", true}},
    {kMissingClosingBoundary, {"missing_closing_boundary", "1 when a multipart has no closing boundary", true}},
    {kBadTransferEncoding, {"bad_transfer_encoding", "1 when a Content-Transfer-Encoding is invalid", true}},
    {kContentTypeWithoutMimeVersion, {"content_type_without_mime_version", "1 when Content-Type is used without MIME-Version", true}},
    {kHtmlOnly, {"html_only", "1 when there is an HTML part but no text/plain part", true}},
    {kArchiveRiskyEntries, {"archive_risky_entries", "files with script or executable names inside ZIP/RAR/7z archives or gzip files", true}},
    {kEncryptedArchives, {"encrypted_archives", "ZIP/RAR/7z archives with a password-protected entry or encrypted names", true}},
    {kOfficeMacroAttachments, {"office_macro_attachments", "Office documents with a VBA macro project, an Excel 4.0 macro sheet or a macro-enabled name (*.docm, *.xlsm, ...)", true}},
    {kPdfActiveContent, {"pdf_active_content", "PDF attachments with JavaScript or a launch action", true}},
    {kFromNameMixedScriptWords, {"from_name_mixed_script_words", "words in the From display name mixing Latin, Greek, Cyrillic, Armenian and Cherokee letters (\"PаyPal\")", false}},
    {kSubjectMixedScriptWords, {"subject_mixed_script_words", "words in the subject mixing Latin, Greek, Cyrillic, Armenian and Cherokee letters", false}},
    {kBodyMixedScriptWords, {"body_mixed_script_words", "words in the body text mixing Latin, Greek, Cyrillic, Armenian and Cherokee letters", true}},
    {kLinkHostsMixedScript, {"link_hosts_mixed_script", "hosts linked to with a name mixing Latin, Greek and Cyrillic letters as shown to a reader (punycode decoded), or a label of Greek/Cyrillic look-alikes of Latin under a Latin top-level domain", true}},
    {kOfficeEmbeddedObjects, {"office_embedded_objects", "Office documents embedding an OLE object (RTF \\objdata, OLE2 package or equation object, OOXML oleObject)", true}},
    {kHtmlForms, {"html_forms", "<form> elements in HTML parts", true}},
    {kPasswordFields, {"password_fields", "<input type=password> fields in HTML parts", true}},
    {kHiddenTextChars, {"hidden_text_chars", "non-blank characters of HTML text hidden by inline style (display:none, font-size:0, ...)", true}},
    {kZeroFontTextChars, {"zero_font_text_chars", "of hidden_text_chars, those hidden only by a zero font size (text that splits words for filters)", true}},
    {kReplyToOtherDomain, {"reply_to_other_domain", "1 when a Reply-To address is outside the From address's domain (and its parents and subdomains)", false}},
    {kNestedArchives, {"nested_archives", "files inside ZIP/RAR/7z archives that are archives themselves (.zip in a .zip, ...)", true}},
    {kFromNameObfuscatedWords, {"from_name_obfuscated_words", "words in the From display name with digits or symbols for letters (\"Micr0soft\")", false}},
    {kSubjectObfuscatedWords, {"subject_obfuscated_words", "words in the subject with digits or symbols for letters (\"V1agra\", \"c@sh\")", false}},
    {kBodyObfuscatedWords, {"body_obfuscated_words", "distinct words in the body text with digits or symbols for letters (at most 16)", true}},
    {kFromNameStyledLetters, {"from_name_styled_letters", "letters in the From display name from Unicode's styled sets (mathematical bold \"𝐅𝐑𝐄𝐄\", circled, squared, small capitals, fullwidth outside CJK text)", false}},
    {kSubjectStyledLetters, {"subject_styled_letters", "letters in the subject from Unicode's styled sets", false}},
    {kBodyStyledLetters, {"body_styled_letters", "letters in the body text from Unicode's styled sets", true}},
    {kHtmlAttachments, {"html_attachments", "HTML or SVG documents attached (*.html, *.htm, *.svg, *.mht, text/html or image/svg+xml parts that are not the message's own HTML body)", true}},
    {kActiveHtmlAttachments, {"active_html_attachments", "attached HTML or SVG documents with a script, form, automatic redirect, frame or embedded object, event handler or javascript: link", true}},
    {kFromFieldsConflict, {"from_fields_conflict", "1 when the message has two or more From fields naming different addresses", false}},
};
constexpr bool CatalogueInIdOrder() {
  for (size_t i = 0; i < std::size(kCatalogueEntries); ++i) {
    if (kCatalogueEntries[i].id != i) return false;
  }
  return std::size(kCatalogueEntries) == kFeatureCount;
}
static_assert(CatalogueInIdOrder(), "kCatalogueEntries must list every FeatureId once, in order");

std::vector<FeatureInfo> CatalogueInfos() {
  std::vector<FeatureInfo> infos;
  for (const CatalogueEntry& entry : kCatalogueEntries) infos.push_back(entry.info);
  return infos;
}
const std::vector<FeatureInfo> kCatalogue = CatalogueInfos();

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool HasDefectStartingWith(const ParsedMessage& parsed, std::string_view prefix) {
  return std::any_of(parsed.defects.begin(), parsed.defects.end(),
                     [&](const std::string& d) { return d.compare(0, prefix.size(), prefix) == 0; });
}

// Counts the mixed-script words of `text` into feature `id`, keeping the
// first as evidence. A name or title (`short_latin_text`) also counts its
// words written wholly in look-alikes of Latin letters.
void CountMixedScriptWords(std::string_view text, size_t id, bool short_latin_text, std::vector<double>* v,
                           std::vector<std::pair<size_t, std::string>>* evidence) {
  MixedScriptWords mixed = FindMixedScriptWords(text);
  MixedScriptWords lookalike = short_latin_text ? FindLatinLookalikeWords(text) : MixedScriptWords{};
  (*v)[id] = static_cast<double>(mixed.count + lookalike.count);
  if (mixed.count != 0) {
    evidence->emplace_back(id, mixed.Explain());
  } else if (lookalike.count != 0) {
    evidence->emplace_back(id, lookalike.Explain());
  }
}

// Records what a finder found into feature `id`: its count, and its own
// explanation as evidence when it found anything.
template <typename Found>
void Record(const Found& found, size_t id, std::vector<double>* v,
            std::vector<std::pair<size_t, std::string>>* evidence) {
  (*v)[id] = static_cast<double>(found.count);
  if (found.count != 0) evidence->emplace_back(id, found.Explain());
}

void ComputeHeaderFeatures(const RawMessage& raw, const ParsedMessage& parsed, int64_t now,
                           std::vector<double>* v, std::vector<std::pair<size_t, std::string>>* evidence) {
  std::vector<double>& f = *v;
  std::string_view subject = TrimWhiteSpace(parsed.subject);
  TextMetrics s = MeasureText(subject);
  f[kSubjectChars] = static_cast<double>(s.chars);
  f[kSubjectLetters] = static_cast<double>(s.letters);
  f[kSubjectCapsRatio] = s.CapsRatio();
  f[kSubjectCapsWords] = static_cast<double>(s.caps_words);
  f[kSubjectExclamations] = static_cast<double>(s.exclamations);
  f[kSubjectExclamationRun] = static_cast<double>(s.longest_exclamation_run);
  f[kFromAddresses] = static_cast<double>(parsed.from_addresses.size());
  f[kFromUnparsable] = parsed.from_parse_failed ? 1 : 0;
  if (!parsed.from_addresses.empty())
    f[kFromNameOtherDomain] = DisplayNameShowsOtherDomain(parsed.from_display, parsed.from_addresses.front()) ? 1 : 0;
  if (const std::string* date = raw.Find("Date")) {
    std::optional<int64_t> when = ParseRfc5322Date(*date);
    if (!when) {
      f[kDateUnparsable] = 1;
    } else if (std::optional<int64_t> reference = TopReceivedTime(raw)) {
      f[kDateSkewHours] = static_cast<double>(*when - *reference) / 3600.0;
    } else if (now > 0) {
      f[kDateSkewHours] = static_cast<double>(*when - now) / 3600.0;
    }
  }
  f[kDuplicateFields] = static_cast<double>(DuplicateSingleFields(raw));
  f[kFields8Bit] = static_cast<double>(FieldsWith8BitBytes(raw));
  f[kLongestLine] = static_cast<double>(LongestLine(raw));
  if (std::string other = ConflictingFromField(raw); !other.empty()) {
    f[kFromFieldsConflict] = 1;
    evidence->emplace_back(kFromFieldsConflict, std::move(other));
  }
  if (const std::string* reply_to = raw.Find("Reply-To"); reply_to != nullptr && !parsed.from_addresses.empty()) {
    for (const std::string& address : ParseFromField(*reply_to).addresses) {
      if (!AddressOutsideDomainOf(address, parsed.from_addresses.front())) continue;
      f[kReplyToOtherDomain] = 1;
      evidence->emplace_back(kReplyToOtherDomain, address);
      break;
    }
  }
  CountMixedScriptWords(parsed.from_display, kFromNameMixedScriptWords, true, v, evidence);
  CountMixedScriptWords(subject, kSubjectMixedScriptWords, true, v, evidence);
  Record(FindObfuscatedWords(parsed.from_display), kFromNameObfuscatedWords, v, evidence);
  Record(FindObfuscatedWords(subject), kSubjectObfuscatedWords, v, evidence);
  Record(FindStyledLetters(parsed.from_display), kFromNameStyledLetters, v, evidence);
  Record(FindStyledLetters(subject), kSubjectStyledLetters, v, evidence);
}

void ComputeContentFeatures(const ParsedMessage& parsed, std::vector<double>* v,
                            std::vector<std::pair<size_t, std::string>>* evidence) {
  std::vector<double>& f = *v;
  TextMetrics body = MeasureText(parsed.body_text);
  f[kTextChars] = static_cast<double>(body.chars);
  f[kBodyWords] = static_cast<double>(body.words);
  f[kBodyLetters] = static_cast<double>(body.letters);
  f[kBodyCapsRatio] = body.CapsRatio();
  f[kBodyCapsWords] = static_cast<double>(body.caps_words);
  f[kBodyCapsRun] = static_cast<double>(body.longest_caps_run);
  f[kBodyExclamations] = static_cast<double>(body.exclamations);
  f[kBodyExclamationRun] = static_cast<double>(body.longest_exclamation_run);

  LinkMetrics links = MeasureLinks(parsed.links);
  size_t html_chars = CodePoints(parsed.html_text);
  f[kHtmlLinks] = static_cast<double>(links.html_links);
  f[kBareUrls] = static_cast<double>(links.bare_urls);
  f[kLinkTextChars] = static_cast<double>(links.link_text_chars);
  f[kLinkTextRatio] =
      html_chars == 0 ? 0.0 : std::min(1.0, static_cast<double>(links.link_text_chars) / html_chars);
  f[kLinksPer100Words] = body.words == 0 ? static_cast<double>(parsed.links.size())
                                         : 100.0 * static_cast<double>(parsed.links.size()) / body.words;
  f[kLinkTextDomainMismatches] = static_cast<double>(links.text_domain_mismatches);
  f[kLinkHosts] = static_cast<double>(links.distinct_hosts);
  f[kLinkHostsMixedScript] = static_cast<double>(links.mixed_script_hosts);
  if (links.mixed_script_hosts != 0) evidence->emplace_back(kLinkHostsMixedScript, std::move(links.first_mixed_script_host));

  f[kHtmlTextChars] = static_cast<double>(html_chars);
  size_t without_alt = 0, remote = 0;
  for (const Image& image : parsed.images) {
    without_alt += !image.has_alt;
    remote += image.remote;
  }
  f[kImagesWithoutAlt] = static_cast<double>(without_alt);
  f[kRemoteImages] = static_cast<double>(remote);
  f[kTextCharsPerImage] =
      parsed.images.empty() ? 0.0 : static_cast<double>(html_chars) / static_cast<double>(parsed.images.size());
  size_t image_attachments = 0;
  for (const Attachment& a : parsed.attachments) image_attachments += a.content_type.compare(0, 6, "image/") == 0;
  AttachmentCounts files = CountAttachments(parsed.attachments);
  f[kImageAttachments] = static_cast<double>(image_attachments);
  f[kScriptTags] = static_cast<double>(parsed.script_tags);
  f[kEventHandlers] = static_cast<double>(parsed.event_handlers);
  f[kJavascriptUrls] = static_cast<double>(parsed.javascript_urls);
  f[kHtmlForms] = static_cast<double>(parsed.html_forms);
  f[kPasswordFields] = static_cast<double>(parsed.password_fields);
  f[kHiddenTextChars] = static_cast<double>(parsed.hidden_text_chars);
  f[kZeroFontTextChars] = static_cast<double>(parsed.zero_font_text_chars);
  // What was hidden: the display:none kind if any, else the zero-size kind.
  const std::string& hidden =
      parsed.hidden_text_sample.empty() ? parsed.zero_font_text_sample : parsed.hidden_text_sample;
  if (!hidden.empty()) evidence->emplace_back(kHiddenTextChars, hidden);
  if (!parsed.zero_font_text_sample.empty()) evidence->emplace_back(kZeroFontTextChars, parsed.zero_font_text_sample);
  f[kScriptAttachments] = static_cast<double>(files.scripts);
  f[kExecutableAttachments] = static_cast<double>(files.executables);
  f[kArchiveRiskyEntries] = static_cast<double>(files.archive_risky_entries);
  f[kEncryptedArchives] = static_cast<double>(files.encrypted_archives);
  f[kOfficeMacroAttachments] = static_cast<double>(files.office_macros);
  f[kPdfActiveContent] = static_cast<double>(files.pdf_active_content);
  f[kOfficeEmbeddedObjects] = static_cast<double>(files.embedded_objects);
  f[kNestedArchives] = static_cast<double>(files.nested_archives);
  f[kHtmlAttachments] = static_cast<double>(files.html_files);
  f[kActiveHtmlAttachments] = static_cast<double>(files.active_html_files);
  for (auto& [id, first] : {std::pair{kScriptAttachments, &files.first_script},
                            std::pair{kExecutableAttachments, &files.first_executable},
                            std::pair{kArchiveRiskyEntries, &files.first_risky_entry},
                            std::pair{kEncryptedArchives, &files.first_encrypted},
                            std::pair{kOfficeMacroAttachments, &files.first_macro},
                            std::pair{kPdfActiveContent, &files.first_pdf_active},
                            std::pair{kOfficeEmbeddedObjects, &files.first_embedded_object},
                            std::pair{kNestedArchives, &files.first_nested_archive},
                            std::pair{kHtmlAttachments, &files.first_html_file},
                            std::pair{kActiveHtmlAttachments, &files.first_active_html}}) {
    if (!first->empty()) evidence->emplace_back(id, std::move(*first));
  }

  f[kMimeDefects] = static_cast<double>(parsed.defects.size());
  f[kMissingClosingBoundary] = HasDefectStartingWith(parsed, "multipart without closing boundary");
  f[kBadTransferEncoding] = HasDefectStartingWith(parsed, "invalid Content-Transfer-Encoding");
  f[kContentTypeWithoutMimeVersion] = HasDefectStartingWith(parsed, "Content-Type without MIME-Version");
  f[kHtmlOnly] = parsed.has_text_html && !parsed.has_text_plain;
  // The body is the long text: MeasureText already saw whether it has a
  // Greek, Cyrillic, Armenian or Cherokee character, without which no word
  // can mix scripts.
  if (body.lookalike_script_chars > 0) CountMixedScriptWords(parsed.body_text, kBodyMixedScriptWords, false, v, evidence);
  Record(FindObfuscatedWords(parsed.body_text), kBodyObfuscatedWords, v, evidence);
  Record(FindStyledLetters(parsed.body_text), kBodyStyledLetters, v, evidence);
}

}  // namespace

const std::vector<FeatureInfo>& FeatureCatalogue() { return kCatalogue; }

std::optional<size_t> FindFeature(std::string_view name) {
  for (size_t i = 0; i < kCatalogue.size(); ++i) {
    if (kCatalogue[i].name == name) return i;
  }
  return std::nullopt;
}

Features ComputeFeatures(const Envelope& env, const RawMessage& raw, const ParsedMessage& parsed,
                         bool content_scanned) {
  return ComputeFeaturesAt(env, raw, parsed, content_scanned, 0);
}

Features ComputeFeaturesAt(const Envelope& env, const RawMessage& raw, const ParsedMessage& parsed,
                           bool content_scanned, int64_t now) {
  std::vector<double> v(kCatalogue.size(), 0.0);
  std::vector<std::pair<size_t, std::string>> evidence;
  v[kRecipients] = static_cast<double>(env.rcpt_to.size());
  v[kHeaderCount] = static_cast<double>(raw.headers.size() + raw.headers_dropped);
  v[kBodyBytes] = static_cast<double>(raw.body_bytes_seen);
  ComputeHeaderFeatures(raw, parsed, now, &v, &evidence);
  if (content_scanned) {
    v[kMimeParts] = static_cast<double>(parsed.mime_parts);
    v[kMimeDepth] = static_cast<double>(parsed.mime_depth);
    v[kLinks] = static_cast<double>(parsed.links.size());
    v[kImages] = static_cast<double>(parsed.images.size());
    v[kAttachments] = static_cast<double>(parsed.attachments.size());
    ComputeContentFeatures(parsed, &v, &evidence);
  }
  return Features(std::move(v), std::move(evidence));
}

}  // namespace ohm
