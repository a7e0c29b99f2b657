// Progress reporting on stderr for long work.
//
// On a terminal the line is redrawn in place ("\r…\x1b[K") at most every
// `tty_interval` seconds; when stderr is piped or redirected, one full line is
// printed every `pipe_interval` seconds, so logs stay readable. `quiet` silences
// everything. Callers pass the fraction done and their own fields; the ETA is
// derived from elapsed wall time and the fraction.
//
//   Progress p("word2vec", quiet);
//   p.update(0.37, {{"words/s/thread", "412k"}, {"lr", "0.0157"}, {"loss", "2.341"}});
//   p.finish({{"words", "17.0M"}});
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace embkit {

using ProgressFields = std::vector<std::pair<std::string, std::string>>;

class Progress {
 public:
  Progress(std::string label, bool quiet, double tty_interval = 0.2, double pipe_interval = 5.0);
  ~Progress();

  // Cheap to call often: prints only when the interval has passed.
  // Returns true when it printed.
  bool update(double fraction, const ProgressFields& fields = {});
  // Prints the final line (100%, elapsed time) and ends the in-place line.
  void finish(const ProgressFields& fields = {});
  // A one-off message on its own line (ends an in-place line first).
  void message(const std::string& text);

  double elapsed_seconds() const;
  bool quiet() const { return quiet_; }

 private:
  void print(double fraction, const ProgressFields& fields, bool final_line);

  std::string label_;
  bool quiet_;
  bool tty_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  bool printed_any_ = false;
  bool line_open_ = false;
};

// A process-wide listener for the progress of long work (the Python module's
// `progress=` callback): called by every Progress, quiet or not, whenever it
// would print a line (same interval), and once with fraction 1 by finish().
// Called on the thread that reports (a trainer's thread 0); it may call
// set_interrupted(true) (core/signals.h) to stop the work. Empty = none.
using ProgressObserver =
    std::function<void(const std::string& label, double fraction, const ProgressFields& fields)>;
void set_progress_observer(ProgressObserver observer);

// Human-readable helpers used in progress lines and summaries.
std::string format_count(double value);     // 1234567 → "1.23M"
std::string format_duration(double seconds);  // 75 → "1m15s"
std::string format_bytes(double bytes);     // 1536 → "1.5 KiB"
std::string format_fixed(double value, int decimals);  // 0.97558, 4 → "0.9756"

}  // namespace embkit
