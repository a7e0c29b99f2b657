// Errors: the two kinds of failure every embkit command reports.
//
//  * InputError  — bad input or a runtime failure (missing file, malformed line,
//                  NaN loss, out of memory). The CLI prints one line, exits 1.
//  * UsageError  — a malformed command line or options struct (unknown option,
//                  dim 0). Exit 2. ParameterError is the UsageError of one
//                  parameter's value.
//
// Library code throws; only apps/main.cc turns exceptions into exit codes.
// Messages name the file, line and value: "vectors.vec:12: expected 101 fields, found 99".
//
// Parameter references: a library message names a setting by its field in the
// options struct, wrapped in param(): param("min_count") + " must be at least 1".
// what() shows the field ("min_count must be at least 1, got 0"), which is what a
// library user sets; a front end renders each reference in its own terms with
// Error::render (the CLI: "--min-count must be at least 1, got 0"), so the
// library never names a command-line flag.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace embkit {

// `name` (letters, digits, '_') marked as a parameter reference.
std::string param(const std::string& name);

// How the messages this process prints itself (Progress::message) show
// parameter references: field names, unless a front end installs its own
// naming (the CLI: flags). Exceptions carry their references to the catcher.
using ParameterNamer = std::function<std::string(const std::string&)>;
void set_parameter_namer(ParameterNamer namer);
std::string render_parameters(const std::string& marked);

class Error : public std::runtime_error {
 public:
  // `message` may hold param() references; what() shows their plain names.
  explicit Error(const std::string& message);
  // The message with every reference replaced by name(parameter).
  std::string render(const std::function<std::string(const std::string&)>& name) const;

 private:
  std::string marked_;
};

class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(message) {}
};

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message) {}
};

// One parameter's value is out of range, unknown or at odds with another:
// ParameterError("solver", "must be subspace or krylov, got 'x'") reads
// "solver must be subspace or krylov, got 'x'".
class ParameterError : public UsageError {
 public:
  ParameterError(const std::string& parameter, const std::string& complaint)
      : UsageError(param(parameter) + " " + complaint), parameter_(parameter) {}
  const std::string& parameter() const { return parameter_; }

 private:
  std::string parameter_;
};

// Thrown when SIGINT/SIGTERM arrived and a long loop noticed it (see signals.h).
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted by signal; no output was written") {}
};

// Warnings: input that is legitimate but was changed on the way in (a token
// split at the length cap). Printed on stderr — "<prefix>: warning: <message>",
// escaped to one line — once per distinct message per process, whatever
// --quiet says: a warning is not progress. The CLI sets the prefix
// ("embkit word2vec"); the default is "embkit".
void set_warning_prefix(const std::string& prefix);
void warn(const std::string& message);

// The range checks of options structs' validate(): a ParameterError naming the
// field, "dim must be at least 1, got 0", "x_max must be between 1e-09 and
// 1e+12, got 0" (NaN fails every range). Front ends render the field as their
// own name for it (--x-max, x_max).
void require_at_least(const std::string& parameter, long long value, long long minimum);
void require_between(const std::string& parameter, double value, double lo, double hi);

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
