#include "core/signals.h"

#include <atomic>
#include <csignal>

#include "core/error.h"

namespace embkit {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int signal_number) {
  g_interrupted.store(true, std::memory_order_relaxed);
  // A second signal kills the process the usual way.
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_interrupted.load(std::memory_order_relaxed); }

void check_interrupted() {
  if (interrupted()) throw Interrupted();
}

void set_interrupted(bool value) { g_interrupted.store(value, std::memory_order_relaxed); }

}  // namespace embkit
