#include "core/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "core/distributed.h"
#include "core/error.h"

namespace embkit {

std::string format_count(double value) {
  char buf[32];
  const double a = std::fabs(value);
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.2fG", value / 1e9);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", value / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.1fk", value / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", value);
  return buf;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  char buf[32];
  long s = std::lround(seconds);
  if (seconds < 10) std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  else if (s < 60) std::snprintf(buf, sizeof buf, "%lds", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

std::string format_fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

namespace {

ProgressObserver& installed_observer() {
  static ProgressObserver observer;
  return observer;
}

}  // namespace

void set_progress_observer(ProgressObserver observer) { installed_observer() = std::move(observer); }

Progress::Progress(std::string label, bool quiet, double tty_interval, double pipe_interval)
    : label_(std::move(label)),
      // Ranks other than 0 stay silent: one job, one progress line.
      quiet_(quiet || !distributed::is_root()),
      tty_(isatty(STDERR_FILENO) == 1),
      interval_(tty_ ? tty_interval : pipe_interval),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

Progress::~Progress() {
  if (line_open_) std::fputc('\n', stderr);
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool Progress::update(double fraction, const ProgressFields& fields) {
  const ProgressObserver& observer = installed_observer();
  if (quiet_ && !observer) return false;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_print_).count() < interval_) return false;
  last_print_ = now;
  if (observer) observer(label_, fraction, fields);
  if (quiet_) return false;
  print(fraction, fields, false);
  return true;
}

void Progress::finish(const ProgressFields& fields) {
  if (const ProgressObserver& observer = installed_observer()) observer(label_, 1.0, fields);
  if (quiet_) return;
  print(1.0, fields, true);
}

void Progress::message(const std::string& text) {
  if (quiet_) return;
  if (line_open_) {
    std::fputc('\n', stderr);
    line_open_ = false;
  }
  std::fprintf(stderr, "%s: %s\n", label_.c_str(), render_parameters(text).c_str());
  std::fflush(stderr);
}

void Progress::print(double fraction, const ProgressFields& fields, bool final_line) {
  if (fraction < 0) fraction = 0;
  if (fraction > 1) fraction = 1;
  const double elapsed = elapsed_seconds();
  std::string line = label_;
  char buf[64];
  std::snprintf(buf, sizeof buf, "  %5.1f%%", 100.0 * fraction);
  line += buf;
  for (const auto& [name, value] : fields) line += "  " + name + " " + value;
  if (final_line) {
    line += "  elapsed " + format_duration(elapsed);
  } else {
    const double eta = fraction > 1e-9 ? elapsed * (1.0 - fraction) / fraction : NAN;
    line += "  ETA " + format_duration(eta);
  }
  if (tty_) {
    std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
    line_open_ = !final_line;
    if (final_line) std::fputc('\n', stderr);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
  printed_any_ = true;
}

}  // namespace embkit
