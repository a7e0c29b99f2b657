#include "core/parallel.h"

#include <omp.h>

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
  return requested == 0 ? hardware_threads() : requested;
}

}  // namespace embkit
