#include "core/memory.h"

#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/progress.h"

namespace embkit {

std::uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kib = 0;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024ULL;
  }
  return 0;
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

std::uint64_t peak_rss_bytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024ULL;  // Linux reports KiB
}

namespace {
// The settings that size a model.
std::string size_parameters() { return param("dim") + ", " + param("max_vocab") + ", " + param("min_count"); }
}  // namespace

void require_memory(std::uint64_t bytes, const std::string& what, std::uint64_t max_memory) {
  if (max_memory > 0 && bytes > max_memory)
    throw InputError(what + " needs about " + format_bytes(static_cast<double>(bytes)) +
                     ", more than " + param("max_memory") + " " + format_bytes(static_cast<double>(max_memory)) +
                     "; reduce the size (e.g. " + size_parameters() + ") or raise " + param("max_memory"));
  const std::uint64_t available = available_memory_bytes();
  if (available > 0 && bytes > available)
    throw InputError(what + " needs about " + format_bytes(static_cast<double>(bytes)) +
                     " but only " + format_bytes(static_cast<double>(available)) +
                     " is available; reduce the size (e.g. " + size_parameters() + ")");
}

std::uint64_t parse_memory_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) throw UsageError("invalid memory size '" + text + "' (expected e.g. 512M, 8G)");
  double number = 0;
  try {
    number = std::stod(text.substr(0, i));
  } catch (...) {
    throw UsageError("invalid memory size '" + text + "' (expected e.g. 512M, 8G)");
  }
  std::string unit = text.substr(i);
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.back() == 'B') unit.pop_back();
  if (!unit.empty() && unit.back() == 'I') unit.pop_back();  // "GiB" → "G"
  double scale = 1;
  if (unit.empty()) scale = 1;
  else if (unit == "K") scale = 1024.0;
  else if (unit == "M") scale = 1024.0 * 1024;
  else if (unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else throw UsageError("invalid memory size '" + text + "' (expected e.g. 512M, 8G)");
  return static_cast<std::uint64_t>(number * scale);
}

}  // namespace embkit
