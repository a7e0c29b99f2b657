// Threading helpers around OpenMP.
//
// resolve_threads(0) means "all cores". ExceptionCapture implements the rule
// that no exception escapes a worker thread: each thread runs its body through
// capture.run(...); the first exception is kept, the others stop early by
// checking failed(), and rethrow() re-raises it on the calling thread.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>

namespace embkit {

int hardware_threads();
// 0 → hardware_threads(); negative → UsageError.
int resolve_threads(int requested);

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

}  // namespace embkit
