#include "core/error.h"

#include <iostream>
#include <mutex>
#include <sstream>
#include <set>

#include "core/text.h"

namespace embkit {

namespace {

// A reference is kOpen name kClose. The two ASCII separators never occur in a
// parameter name; a file's bytes that happen to look like a reference but hold
// anything else than a name are left alone.
constexpr char kOpen = '\x1e', kClose = '\x1f';

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string render_marked(const std::string& marked, const std::function<std::string(const std::string&)>& name) {
  std::string out;
  out.reserve(marked.size());
  for (std::size_t i = 0; i < marked.size(); ++i) {
    if (marked[i] == kOpen) {
      std::size_t end = i + 1;
      while (end < marked.size() && is_name_char(marked[end])) ++end;
      if (end > i + 1 && end < marked.size() && marked[end] == kClose) {
        out += name(marked.substr(i + 1, end - i - 1));
        i = end;
        continue;
      }
    }
    out += marked[i];
  }
  return out;
}

std::string plain_name(const std::string& parameter) { return parameter; }

ParameterNamer& installed_namer() {
  static ParameterNamer namer = plain_name;
  return namer;
}

}  // namespace

std::string param(const std::string& name) { return kOpen + name + kClose; }

void require_at_least(const std::string& parameter, long long value, long long minimum) {
  if (value < minimum)
    throw ParameterError(parameter, "must be at least " + std::to_string(minimum) + ", got " + std::to_string(value));
}

void require_between(const std::string& parameter, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return;
  std::ostringstream complaint;
  complaint << "must be between " << lo << " and " << hi << ", got " << value;
  throw ParameterError(parameter, complaint.str());
}

void set_parameter_namer(ParameterNamer namer) { installed_namer() = namer ? std::move(namer) : plain_name; }

std::string render_parameters(const std::string& marked) { return render_marked(marked, installed_namer()); }

Error::Error(const std::string& message)
    : std::runtime_error(render_marked(message, plain_name)), marked_(message) {}

std::string Error::render(const std::function<std::string(const std::string&)>& name) const {
  return render_marked(marked_, name);
}

namespace {

struct Warnings {
  std::mutex mutex;
  std::string prefix = "embkit";
  std::set<std::string> printed;
};

Warnings& warnings() {
  static Warnings w;
  return w;
}

}  // namespace

void set_warning_prefix(const std::string& prefix) {
  Warnings& w = warnings();
  std::lock_guard<std::mutex> lock(w.mutex);
  w.prefix = prefix;
}

void warn(const std::string& message) {
  Warnings& w = warnings();
  const std::string text = escape_input(render_parameters(message));
  std::lock_guard<std::mutex> lock(w.mutex);
  if (!w.printed.insert(text).second) return;
  std::cerr << w.prefix << ": warning: " << text << "\n";
}

std::string located(const std::string& path, std::uint64_t line, const std::string& message) {
  std::string where = path.empty() ? std::string("<input>") : (path == "-" ? std::string("<stdin>") : path);
  if (line > 0) where += ":" + std::to_string(line);
  return where + ": " + message;
}

void throw_input_error(const std::string& path, std::uint64_t line, const std::string& message) {
  throw InputError(located(path, line, message));
}

}  // namespace embkit
