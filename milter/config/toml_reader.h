// Reads typed values out of toml++ nodes for one file and reports every
// mistake with the file's line. The one reader of ohm's configuration: the
// main sections, [dkim] and [guard] all go through it, so an admin gets the
// same wording ("file:line: dkim.enabled must be true or false") everywhere.
#ifndef OHM_CONFIG_TOML_READER_H_
#define OHM_CONFIG_TOML_READER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace ohm {

class TomlReader {
 public:
  // Receives each error: the line it is on (1-based) and what is wrong.
  using Sink = std::function<void(int line, const std::string& message)>;
  using KeyHandler = std::function<void(const toml::node&, const std::string&)>;

  TomlReader(std::string file, Sink sink) : file_(std::move(file)), sink_(std::move(sink)) {}

  // Reports `message` at `node`'s line.
  void Error(const toml::node& node, const std::string& message);

  // Each reads `node` into *out and returns true, or reports "KEY must be ..." and returns false.
  bool Bool(const toml::node& node, const std::string& key, bool* out);
  bool String(const toml::node& node, const std::string& key, std::string* out);
  bool Strings(const toml::node& node, const std::string& key, std::vector<std::string>* out);
  bool Number(const toml::node& node, const std::string& key, double min, double max, double* out);
  template <typename T>
  bool Integer(const toml::node& node, const std::string& key, int64_t min, int64_t max, T* out) {
    if (!node.is_integer()) {
      Error(node, key + " must be an integer");
      return false;
    }
    int64_t v = *node.value<int64_t>();
    if (v < min || v > max) {
      Error(node, key + " must be between " + std::to_string(min) + " and " + std::to_string(max));
      return false;
    }
    *out = static_cast<T>(v);
    return true;
  }

  // Hands each key of `table` to its handler with its full name
  // ("section.key"); a key without a handler is reported as unknown.
  void ReadTable(const toml::table& table, const std::string& section, const std::map<std::string, KeyHandler>& handlers);

  const std::string& file() const { return file_; }
  // "file:line" of `node`, for messages that name where a setting came from.
  std::string Where(const toml::node& node) const;
  // A sink that appends "file:line: message" to `errors`.
  static Sink LinesInto(const std::string& file, std::vector<std::string>* errors);

 private:
  std::string file_;
  Sink sink_;
};

}  // namespace ohm

#endif  // OHM_CONFIG_TOML_READER_H_
