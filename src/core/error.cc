#include "core/error.h"

namespace embkit {

std::string located(const std::string& path, std::uint64_t line, const std::string& message) {
  std::string where = path.empty() ? std::string("<input>") : (path == "-" ? std::string("<stdin>") : path);
  if (line > 0) where += ":" + std::to_string(line);
  return where + ": " + message;
}

void throw_input_error(const std::string& path, std::uint64_t line, const std::string& message) {
  throw InputError(located(path, line, message));
}

}  // namespace embkit
