// Helpers shared by the fuzz targets: the raw input as text, and splitting it
// into fields so one input can drive a function of several arguments.
#ifndef OHM_TESTS_FUZZ_FUZZ_INPUT_H_
#define OHM_TESTS_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ohm {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Removes and returns the text up to the first '\n' of *input (all of it when
// there is none), so seeds stay readable: "charset\npayload".
inline std::string_view TakeLine(std::string_view* input) {
  size_t nl = input->find('\n');
  std::string_view line = input->substr(0, nl);
  input->remove_prefix(nl == std::string_view::npos ? input->size() : nl + 1);
  return line;
}

}  // namespace ohm

#endif  // OHM_TESTS_FUZZ_FUZZ_INPUT_H_
