// The tag=value list format that DKIM key records (RFC 6376 3.2) and DMARC
// records (RFC 7489 6.4) share: "v=DKIM1; k=rsa; p=MIIB...".
#ifndef OHM_DOCTOR_TAG_LIST_H_
#define OHM_DOCTOR_TAG_LIST_H_

#include <string>
#include <vector>

namespace ohm::doctor {

struct Tag {
  std::string name;   // as written (case kept), white space trimmed
  std::string value;  // white space around it trimmed
};

// Returns `s` without leading and trailing spaces, tabs, CR and LF.
std::string TrimTagSpace(const std::string& s);

// Splits `text` at ';' into tags, in order; empty entries (";;", a trailing
// ';') are skipped. Returns "" on success, or what is wrong, e.g.
// "\"foo\" is not a tag=value pair" (then *tags holds the tags before it).
std::string ParseTagList(const std::string& text, std::vector<Tag>* tags);

}  // namespace ohm::doctor

#endif  // OHM_DOCTOR_TAG_LIST_H_
