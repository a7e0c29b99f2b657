// Graceful interruption. install_interrupt_handlers() (called by the CLI) makes
// the first SIGINT/SIGTERM set a flag instead of killing the process; long loops
// poll interrupted() (one relaxed atomic load) and throw Interrupted, so that
// AtomicFile destructors remove temporary files and checkpoints can be written.
//
// The handlers are installed without SA_RESTART: a read or open that blocks
// (a FIFO with no writer, a terminal) fails with EINTR instead of resuming, so
// the code waiting on it sees the flag. Phases that never poll (one huge
// allocation, a library call) are covered by a watchdog: kInterruptGrace after
// the first signal, or at once on a second one, the process removes every
// registered temporary file, prints the interruption line and exits with
// 128 + signal (130 for SIGINT, 143 for SIGTERM) from the signal handler.
#pragma once

#include <string>

namespace embkit {

// How long a command may take to stop on its own after SIGINT/SIGTERM.
constexpr int kInterruptGraceMilliseconds = 700;

void install_interrupt_handlers();
bool interrupted();
// Throws Interrupted if a signal has arrived.
void check_interrupted();
// For tests: set or clear the flag (as if SIGINT arrived).
void set_interrupted(bool value);
// The signal that interrupted the process (SIGINT when set by set_interrupted),
// or 0; the exit code is 128 + this number.
int interrupt_signal();
int interrupt_exit_code();
// The line the watchdog prints, e.g. "embkit tokenize: interrupted by signal;
// no output was written" (set by the CLI before the command runs); "" for none.
void set_interrupt_message(const std::string& line);

// While one exists, the watchdog waits: for steps that must not be cut in the
// middle (renaming a command's outputs into place), which take microseconds.
class InterruptHold {
 public:
  InterruptHold();
  ~InterruptHold();
  InterruptHold(const InterruptHold&) = delete;
  InterruptHold& operator=(const InterruptHold&) = delete;
};

// Temporary files the watchdog removes if it has to end the process (and an
// exit() that bypasses destructors, such as libgomp's when it cannot create a
// thread); AtomicFile registers its temporary file while it exists. Thread-safe.
void register_temporary_file(const std::string& path);
void unregister_temporary_file(const std::string& path);

}  // namespace embkit
