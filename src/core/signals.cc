#include "core/signals.h"

#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/error.h"

namespace embkit {
namespace {

std::atomic<int> g_signal{0};

// The watchdog runs in a signal handler, so what it needs is kept in fixed
// buffers it can read without allocating: one slot per registered temporary
// file (a slot is in use while its first byte is not NUL).
constexpr int kSlots = 64;
constexpr std::size_t kSlotBytes = 4096;
char g_temporary[kSlots][kSlotBytes];
std::mutex g_slots_mutex;
char g_message[512] = "embkit: interrupted by signal; no output was written\n";

// Async-signal-safe: unlink only.
extern "C" void remove_temporaries() {
  for (auto& slot : g_temporary)
    if (slot[0] != '\0') unlink(slot);
}

std::atomic<int> g_holds{0};

void arm_watchdog(int milliseconds) {
  itimerval timer{};
  timer.it_value.tv_sec = milliseconds / 1000;
  timer.it_value.tv_usec = (milliseconds % 1000) * 1000;
  setitimer(ITIMER_REAL, &timer, nullptr);
}

// Async-signal-safe: unlink, write, setitimer and _exit only.
extern "C" void end_now(int) {
  if (g_holds.load() > 0) {
    arm_watchdog(50);  // renames in progress (InterruptHold): end right after them
    return;
  }
  remove_temporaries();
  const ssize_t ignored = write(STDERR_FILENO, g_message, std::strlen(g_message));
  (void)ignored;
  const int s = g_signal.load();
  _exit(128 + (s > 0 ? s : SIGINT));
}

extern "C" void on_signal(int signal_number) {
  int expected = 0;
  if (!g_signal.compare_exchange_strong(expected, signal_number)) end_now(0);  // a second signal
  // The grace period: SIGALRM after kInterruptGraceMilliseconds ends the process.
  arm_watchdog(kInterruptGraceMilliseconds);
}

void install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR
  sigaction(signal_number, &action, nullptr);
}

}  // namespace

void install_interrupt_handlers() {
  // A runtime that calls exit() itself (libgomp when it cannot create a
  // thread) skips the destructors that remove temporary files; this does not.
  std::atexit(remove_temporaries);
  install(SIGALRM, end_now);
  install(SIGINT, on_signal);
  install(SIGTERM, on_signal);
}

bool interrupted() { return g_signal.load(std::memory_order_relaxed) != 0; }

void check_interrupted() {
  if (interrupted()) throw Interrupted();
}

void set_interrupted(bool value) { g_signal.store(value ? SIGINT : 0, std::memory_order_relaxed); }

int interrupt_signal() { return g_signal.load(std::memory_order_relaxed); }

int interrupt_exit_code() {
  const int s = interrupt_signal();
  return 128 + (s > 0 ? s : SIGINT);
}

void set_interrupt_message(const std::string& line) {
  const std::string text = line.empty() ? "" : line + "\n";  // "": print nothing
  std::strncpy(g_message, text.c_str(), sizeof g_message - 1);
  g_message[sizeof g_message - 1] = '\0';
}

InterruptHold::InterruptHold() { g_holds.fetch_add(1); }
InterruptHold::~InterruptHold() { g_holds.fetch_sub(1); }

void register_temporary_file(const std::string& path) {
  if (path.size() >= kSlotBytes) return;  // not removable by the watchdog; the destructor still is
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (auto& slot : g_temporary)
    if (slot[0] == '\0') {
      // The path is written before its first byte so the handler never sees a partial one.
      std::memcpy(slot + 1, path.c_str() + 1, path.size());
      std::atomic_signal_fence(std::memory_order_seq_cst);
      slot[0] = path[0];
      return;
    }
}

void unregister_temporary_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (auto& slot : g_temporary)
    if (slot[0] != '\0' && path == slot) {
      slot[0] = '\0';
      return;
    }
}

}  // namespace embkit
