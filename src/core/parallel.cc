#include "core/parallel.h"

#include <omp.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "core/error.h"

namespace embkit {

int hardware_threads() {
  int n = omp_get_num_procs();
  if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
  return n > 0 ? n : 1;
}

int resolve_threads(int requested) {
  if (requested < 0)
    throw ParameterError("threads", "must be 0 (all cores) or positive, got " + std::to_string(requested));
  if (requested == 0) return hardware_threads();
  const int cap = kMaxThreadsPerCore * hardware_threads();
  if (requested <= cap) return requested;
  // Past a few threads per core nothing gets faster, and tens of thousands of
  // threads exhaust the stacks the runtime can map (libgomp then crashes).
  static std::atomic<bool> warned{false};
  if (!warned.exchange(true))
    std::cerr << render_parameters("embkit: warning: " + param("threads") + " " + std::to_string(requested) +
                                   " is more than " + std::to_string(kMaxThreadsPerCore) + " per core on " +
                                   std::to_string(hardware_threads()) + " cores; using " + std::to_string(cap))
              << std::endl;
  return cap;
}

}  // namespace embkit
