// Threading helpers around OpenMP.
//
// resolve_threads(0) means "all cores"; every thread count goes through it.
// ExceptionCapture implements the rule that no exception escapes a worker
// thread: each thread runs its body through capture.run(...); the first
// exception is kept, the others stop early by checking failed(), and rethrow()
// re-raises it on the calling thread.
// for_each_block() and for_each_item() are the loops that batched searches run
// inside their parallel region (per-thread buffers are set up before them).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>

#include "core/signals.h"

namespace embkit {

int hardware_threads();
constexpr int kMaxThreadsPerCore = 4;
// 0 → hardware_threads(); negative → UsageError; more than kMaxThreadsPerCore ×
// hardware_threads() → that cap, with a one-line warning on stderr (once).
int resolve_threads(int requested);
// The range check alone, for options structs' validate(): ParameterError
// "threads must be 0 (all cores) or positive" for a negative count.
void check_threads(int requested);

class ExceptionCapture {
 public:
  template <typename F>
  void run(F&& body) {
    if (failed()) return;
    try {
      body();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      failed_.store(true, std::memory_order_relaxed);
    }
  }
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  void rethrow() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
};

// Inside an OpenMP parallel region: hands the blocks [b·block, min((b+1)·block, n))
// of [0, n) to the team one at a time (dynamic schedule) and calls
// body(begin, count) for each through `capture`, after checking for an interrupt.
template <typename Body>
void for_each_block(std::int64_t n, std::int64_t block, ExceptionCapture& capture, Body&& body) {
  const std::int64_t blocks = (n + block - 1) / block;
#pragma omp for schedule(dynamic, 1)
  for (std::int64_t b = 0; b < blocks; ++b) {
    capture.run([&] {
      check_interrupted();
      const std::int64_t begin = b * block;
      body(begin, std::min(block, n - begin));
    });
  }
}

// Inside an OpenMP parallel region: hands the items 0 … n−1 to the team in
// dynamic chunks of 8 and calls body(i) for each through `capture`, checking
// for an interrupt every 1024 items.
template <typename Body>
void for_each_item(std::int64_t n, ExceptionCapture& capture, Body&& body) {
#pragma omp for schedule(dynamic, 8)
  for (std::int64_t i = 0; i < n; ++i) {
    capture.run([&] {
      if ((i & 1023) == 0) check_interrupted();
      body(i);
    });
  }
}

}  // namespace embkit
