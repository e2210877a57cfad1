// The texts rules match against, built from one message on first use and
// kept for the rest of its evaluation (many rules read the same text).
#ifndef OHM_RULES_MESSAGE_TEXT_H_
#define OHM_RULES_MESSAGE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/raw_message.h"
#include "parse/parsed_message.h"

namespace ohm {

// Which header text a header rule reads.
// Which part of an address header a rule reads ("From:addr", "From:name").
enum class HeaderPart {
  kValue,      // the whole value
  kAddresses,  // every addr-spec, domain lower-cased
  kNames,      // every display name, RFC 2047-decoded
};

struct HeaderTarget {
  std::string name;  // header name, or "ALL" (every header) or "ToCc" (To and Cc)
  bool raw = false;  // as received (folding kept) instead of unfolded/decoded
  HeaderPart part = HeaderPart::kValue;
  bool operator==(const HeaderTarget& other) const;
};

// Returns `value` with RFC 5322 folding undone (each line break followed by
// white space removed) and trailing line breaks dropped.
std::string UnfoldHeader(std::string_view value);

// Returns the text a header rule sees for `target`, or nullopt when the
// message has no such header:
//  - every field of that name, in order, joined with "\n";
//  - unfolded unless target.raw; "Subject" (not raw) is the RFC 2047-decoded
//    subject from the parser;
//  - "ALL": every field as "Name: value\n" (present even when there are none);
//  - "ToCc": the To and Cc fields, joined with "\n";
//  - part kAddresses / kNames: the fields parsed as address lists (RFC 5322,
//    groups included), one address or non-empty display name per line, ""
//    when a present field holds none. Not for "ALL".
std::optional<std::string> HeaderText(const RawMessage& raw, const ParsedMessage& parsed,
                                      const HeaderTarget& target);

// True when the message has at least one field named `name` (ASCII case ignored).
bool HasHeader(const RawMessage& raw, std::string_view name);

// `source` as a reader reads it, into *plain: styled letters as plain ones
// (ReadStyledAsPlain), then look-alike letters of another script inside a
// Latin word as the Latin ones they pass for (ReadLookalikesAsLatin), then
// digits and symbols inside a word as the letters they stand for
// (ReadObfuscatedAsLetters: "V1agra" as "Viagra"). Returns false, *plain
// untouched, when none of them changes anything.
bool ReadAsPlain(const std::string& source, std::string* plain);

// ReadAsPlain of one text, worked out on first use: the source itself in the
// common case, a plain copy only when the source has such letters.
class PlainReading {
 public:
  // `source` read as plain text; the same source on every call.
  const std::string& Of(const std::string& source);
  // True when Of, called before, returned a plain copy that differs from the source.
  bool changed() const { return changed_; }

 private:
  bool done_ = false;
  bool changed_ = false;
  std::string plain_;
};

class MessageText {
 public:
  // `targets` are the header targets the rule set uses, indexed like HeaderValue's argument.
  MessageText(const RawMessage& raw, const ParsedMessage& parsed,
              const std::vector<HeaderTarget>& targets);

  // HeaderText for targets[index], or nullptr when the header is missing.
  // Decoded values (not raw ones) are read as plain (ReadAsPlain), as the
  // body is.
  const std::string* HeaderValue(size_t index);
  // True when HeaderValue(index), called before, differs from the value as
  // decoded: styled or look-alike letters, or digits for letters, were read
  // as plain ones.
  bool HeaderValueReadAsPlain(size_t index) const { return index < header_plain_.size() && header_plain_[index]; }
  // The decoded subject read as plain (ReadAsPlain): what phrase lists scan.
  const std::string& Subject() { return subject_.Of(parsed_.subject); }
  // What body rules see: the decoded subject, a line break, then all text parts
  // (HTML rendered to text). SpamAssassin also prepends the subject. Read as
  // plain (ReadAsPlain), so a word list or a rule's regex sees "FREE" where
  // the message writes "𝐅𝐑𝐄𝐄", "FRЕЕ" or "fr3e" (the disguise itself is a
  // feature of its own).
  const std::string& Body();
  // Body rules with tflags nosubject, and phrase lists: the text parts only,
  // read as plain.
  const std::string& BodyWithoutSubject() { return body_text_.Of(parsed_.body_text); }
  // True when Body() / BodyWithoutSubject(), called before, read letters as
  // plain ones: a verdict quoting them says so.
  bool BodyReadAsPlain() const { return subject_.changed() || body_text_.changed(); }
  bool BodyWithoutSubjectReadAsPlain() const { return body_text_.changed(); }
  // What rawbody rules see: text/plain parts and HTML parts decoded, markup kept.
  const std::string& RawBody();
  // What full rules see: the header fields as received, a blank line, the body bytes.
  const std::string& Full();

 private:
  const RawMessage& raw_;
  const ParsedMessage& parsed_;
  const std::vector<HeaderTarget>& targets_;
  std::vector<std::optional<std::optional<std::string>>> header_values_;  // outer: computed yet?
  std::vector<bool> header_plain_;  // by index: the value was read as plain
  PlainReading subject_;
  PlainReading body_text_;
  std::optional<std::string> body_;
  std::optional<std::string> raw_body_;
  std::optional<std::string> full_;
};

}  // namespace ohm

#endif  // OHM_RULES_MESSAGE_TEXT_H_
