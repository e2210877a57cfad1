#include "doctor/tag_list.h"

namespace ohm::doctor {

std::string TrimTagSpace(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string ParseTagList(const std::string& text, std::vector<Tag>* tags) {
  tags->clear();
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t semi = text.find(';', pos);
    if (semi == std::string::npos) semi = text.size();
    std::string tag = TrimTagSpace(text.substr(pos, semi - pos));
    pos = semi + 1;
    if (tag.empty()) continue;
    size_t eq = tag.find('=');
    if (eq == std::string::npos) return "\"" + tag + "\" is not a tag=value pair";
    tags->push_back({TrimTagSpace(tag.substr(0, eq)), TrimTagSpace(tag.substr(eq + 1))});
  }
  return "";
}

}  // namespace ohm::doctor
