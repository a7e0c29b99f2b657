// Errors: the two kinds of failure every embkit command reports.
//
//  * InputError  — bad input or a runtime failure (missing file, malformed line,
//                  NaN loss, out of memory). The CLI prints one line, exits 1.
//  * UsageError  — a malformed command line (unknown option, --dim 0). Exit 2.
//
// Library code throws; only apps/main.cc turns exceptions into exit codes.
// Messages name the file, line and value: "vectors.vec:12: expected 101 fields, found 99".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace embkit {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when SIGINT/SIGTERM arrived and a long loop noticed it (see signals.h).
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted by signal; no output was written") {}
};

// "path:line: message" (line 0 omits the line number).
std::string located(const std::string& path, std::uint64_t line, const std::string& message);

[[noreturn]] void throw_input_error(const std::string& path, std::uint64_t line,
                                    const std::string& message);

// Internal invariant checks that stay on in release builds (cheap checks only).
#define EMBKIT_CHECK(cond, msg)                                              \
  do {                                                                       \
    if (!(cond))                                                             \
      throw std::logic_error(std::string("internal error: ") + (msg) +       \
                             " (" #cond ") at " __FILE__ ":" +               \
                             std::to_string(__LINE__));                      \
  } while (0)

}  // namespace embkit
