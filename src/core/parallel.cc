#include "core/parallel.h"

#include <omp.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

namespace embkit {

int hardware_threads() {
  int n = omp_get_num_procs();
  if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
  return n > 0 ? n : 1;
}

namespace {

// The stack size libgomp gives its threads: OMP_STACKSIZE (or GOMP_STACKSIZE)
// as "<n>[B|K|M|G]", kilobytes without a suffix; 0 when unset (the pthread
// default then applies to both libgomp and the probe below).
std::size_t omp_stack_size() {
  const char* text = std::getenv("OMP_STACKSIZE");
  if (!text) text = std::getenv("GOMP_STACKSIZE");
  if (!text) return 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text, &end, 10);
  while (*end == ' ') ++end;
  switch (std::toupper(static_cast<unsigned char>(*end))) {
    case 'B': return n;
    case 'M': return n << 20;
    case 'G': return n << 30;
    default: return n << 10;
  }
}

void* wait_for_release(void* flag) {
  while (!static_cast<std::atomic<bool>*>(flag)->load()) std::this_thread::yield();
  return nullptr;
}

// libgomp ends the process with its own two-line message when it cannot
// create a thread (too little address space for the stacks, a pids cgroup
// limit). Starting the same number of threads with the same stack size once,
// before the first parallel region, turns that into embkit's one-line error.
void probe_thread_start(int threads) {
  // The most threads known to start; read without the lock first, since
  // resolve_threads runs at every parallel region and is nearly always answered here.
  static std::atomic<int> probed{1};  // the calling thread exists already
  if (threads <= probed.load(std::memory_order_acquire)) return;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  if (threads <= probed.load(std::memory_order_relaxed)) return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (const std::size_t stack = omp_stack_size()) pthread_attr_setstacksize(&attr, stack);
  std::atomic<bool> release{false};
  std::vector<pthread_t> started;
  int error = 0;
  for (int i = 1; i < threads && error == 0; ++i) {
    pthread_t id;
    error = pthread_create(&id, &attr, wait_for_release, &release);
    if (error == 0) started.push_back(id);
  }
  release = true;
  for (pthread_t id : started) pthread_join(id, nullptr);
  pthread_attr_destroy(&attr);
  if (error != 0)
    throw InputError("cannot start " + std::to_string(threads) + " threads (" + std::strerror(error) +
                     ", " + std::to_string(started.size() + 1) + " started); lower " + param("threads"));
  probed.store(threads, std::memory_order_release);
}

// More threads than the CPUs this process may run on (its affinity mask) share
// those CPUs: say so once. mpirun binds each of up to 2 ranks to one core by
// default, so `--threads 2` under it ran on one core (ALS on MovieLens 100K:
// 1.46 s against 0.62 s without mpirun).
void warn_if_bound(int threads) {
  // resolve_threads runs at every parallel region: ask the kernel once per new count.
  static std::atomic<int> checked{1};
  if (threads <= checked.load(std::memory_order_relaxed)) return;
  checked.store(threads, std::memory_order_relaxed);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return;
  const int allowed = CPU_COUNT(&set);
  const auto online = static_cast<int>(std::thread::hardware_concurrency());
  if (allowed >= threads || allowed >= online) return;
  warn(param("threads") + " " + std::to_string(threads) + " but this process may run on only " +
       std::to_string(allowed) + " of the " + std::to_string(online) +
       " CPUs (its CPU affinity: taskset, or mpirun binding each rank to a core; under mpirun add "
       "--bind-to none or --map-by slot:PE=" + std::to_string(threads) + ")");
}

}  // namespace

void check_threads(int requested) {
  if (requested < 0)
    throw ParameterError("threads", "must be 0 (all cores) or positive, got " + std::to_string(requested));
}

int resolve_threads(int requested) {
  check_threads(requested);
  if (requested == 0) {
    probe_thread_start(hardware_threads());
    return hardware_threads();
  }
  const int cap = kMaxThreadsPerCore * hardware_threads();
  if (requested <= cap) {
    probe_thread_start(requested);
    warn_if_bound(requested);
    return requested;
  }
  // Past a few threads per core nothing gets faster, and tens of thousands of
  // threads exhaust the stacks the runtime can map (libgomp then crashes).
  static std::atomic<bool> warned{false};
  if (!warned.exchange(true))
    std::cerr << render_parameters("embkit: warning: " + param("threads") + " " + std::to_string(requested) +
                                   " is more than " + std::to_string(kMaxThreadsPerCore) + " per core on " +
                                   std::to_string(hardware_threads()) + " cores; using " + std::to_string(cap))
              << std::endl;
  probe_thread_start(cap);
  return cap;
}

}  // namespace embkit
