#include "core/distributed.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "core/error.h"
#include "core/mpi/mpi_module.h"
#include "core/signals.h"

namespace embkit::distributed {
namespace {

const EmbkitMpiOps* g_mpi = nullptr;  // the loaded MPI module, while MPI runs
int g_rank = 0;
int g_size = 1;
std::uint64_t g_bytes_sent = 0;

// MPI counts are int: at most this many elements per call.
constexpr std::size_t kChunk = std::size_t{1} << 30;

// The number of processes a launcher started, from its environment (Open
// MPI's mpirun, PMIx, PMI-1/2 as MPICH's hydra and Slurm set them), or 0 when
// no launcher started this process.
long launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
    if (const char* value = std::getenv(name)) return std::max(1L, std::strtol(value, nullptr, 10));
  for (const char* name : {"PMIX_RANK", "PMI_RANK"})
    if (std::getenv(name)) return 1;
  return 0;
}

void check(int code, const char* what) {
  if (code == 0) return;
  char text[512] = "";
  g_mpi->error_string(code, text, sizeof text);
  throw InputError(std::string(what) + " failed: " + text);
}

#ifdef EMBKIT_MPI_LIBDIR
std::string directory_of_executable() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string exe(path, static_cast<std::size_t>(n));
  const auto slash = exe.rfind('/');
  return slash == std::string::npos ? "." : exe.substr(0, slash);
}

// dlopen()s libembkit_mpi.so: $EMBKIT_MPI_MODULE, else beside the executable
// (the build tree), else in <prefix>/<libdir>/embkit/ (an installed embkit).
const EmbkitMpiOps* load_module() {
  const std::string dir = directory_of_executable();
  std::vector<std::string> candidates;
  if (const char* path = std::getenv("EMBKIT_MPI_MODULE")) candidates.push_back(path);
  candidates.push_back(dir + "/libembkit_mpi.so");
  candidates.push_back(dir + "/../" EMBKIT_MPI_LIBDIR "/embkit/libembkit_mpi.so");
  std::string tried, reason;
  for (const std::string& path : candidates) {
    // RTLD_GLOBAL: Open MPI's own plugins resolve libmpi's symbols globally.
    if (void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
      const auto ops_function = reinterpret_cast<EmbkitMpiOpsFunction>(dlsym(module, "embkit_mpi_ops"));
      const EmbkitMpiOps* ops = ops_function ? ops_function() : nullptr;
      if (ops && ops->version == kEmbkitMpiOpsVersion) return ops;
      reason = path + " is from another embkit build";
      continue;
    }
    tried += (tried.empty() ? "" : ", ") + path;
    if (access(path.c_str(), F_OK) == 0 && reason.empty()) reason = dlerror();
  }
  throw InputError("started by an MPI launcher, but the MPI module libembkit_mpi.so could not be loaded" +
                   (reason.empty() ? " (looked for " + tried + ")" : ": " + reason));
}
#endif

}  // namespace

bool built_with_mpi() {
#ifdef EMBKIT_MPI_LIBDIR
  return true;
#else
  return false;
#endif
}

void init() {
  if (g_mpi) return;
  const long launched = launched_size();
  if (launched == 0) return;
#ifdef EMBKIT_MPI_LIBDIR
  const EmbkitMpiOps* ops = load_module();
  int rank = 0, size = 1;
  if (const int code = ops->init(nullptr, nullptr, &rank, &size); code != 0) {
    g_mpi = ops;
    check(code, "MPI_Init_thread");
  }
  g_mpi = ops;
  g_rank = rank;
  g_size = size;
  if (g_rank != 0) {
    // Only rank 0 writes standard output; the others' goes nowhere, so no
    // command needs to ask which rank it is on before printing a result.
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::close(null);
    }
  }
#else
  // Each of the N processes would believe it is alone and write every output.
  if (launched > 1)
    throw UsageError("started on " + std::to_string(launched) +
                     " MPI ranks, but this embkit was built without MPI (cmake -DEMBKIT_MPI=ON, libopenmpi-dev)");
#endif
}

void finalize() {
  if (!g_mpi) return;
  g_mpi->finalize();
  g_mpi = nullptr;
  g_rank = 0;
  g_size = 1;
}

void abort(int code) {
  // mpirun ends the other ranks with SIGTERM: the job's end, not an
  // interruption to report (core/signals.h).
  set_interrupt_message("");
  std::cout.flush();
  std::fflush(stdout);
  std::cerr.flush();
  std::fflush(stderr);
  // MPI_Abort takes every rank down, including those blocked in a collective
  // waiting for this one; mpirun then exits with `code`.
  if (g_mpi && g_size > 1) g_mpi->abort(code);
  if (g_mpi) g_mpi->finalize();
  std::_Exit(code);
}

bool active() { return g_mpi != nullptr; }
int rank() { return g_rank; }
int size() { return g_size; }

std::string rank_label() {
  return g_size > 1 ? "rank " + std::to_string(g_rank) + " of " + std::to_string(g_size) : "";
}

namespace {

template <class T>
void allreduce(T* data, std::size_t n, int type) {
  if (g_size <= 1) return;
  g_bytes_sent += n * sizeof(T);
  for (std::size_t done = 0; done < n; done += kChunk)
    check(g_mpi->allreduce_sum(data + done, static_cast<int>(std::min(kChunk, n - done)), type), "MPI_Allreduce");
}

}  // namespace

void allreduce_sum(float* data, std::size_t n) { allreduce(data, n, EMBKIT_MPI_FLOAT); }
void allreduce_sum(double* data, std::size_t n) { allreduce(data, n, EMBKIT_MPI_DOUBLE); }
void allreduce_sum(std::uint64_t* data, std::size_t n) {
  static_assert(sizeof(std::uint64_t) == sizeof(unsigned long long));
  allreduce(data, n, EMBKIT_MPI_UINT64);
}

std::uint64_t allreduce_max(std::uint64_t value) {
  if (g_size <= 1) return value;
  const unsigned long long in = value;
  unsigned long long out = 0;
  g_bytes_sent += sizeof in;
  check(g_mpi->allreduce_max_u64(&in, &out), "MPI_Allreduce");
  return out;
}

void allreduce_or(std::uint64_t* data, std::size_t n) {
  if (g_size <= 1) return;
  g_bytes_sent += n * sizeof(std::uint64_t);
  auto* words = reinterpret_cast<unsigned long long*>(data);
  for (std::size_t done = 0; done < n; done += kChunk)
    check(g_mpi->allreduce_bor_u64(words + done, static_cast<int>(std::min(kChunk, n - done))), "MPI_Allreduce");
}

void broadcast(void* data, std::size_t n, int root) {
  if (g_size <= 1) return;
  if (g_rank == root) g_bytes_sent += n;
  char* bytes = static_cast<char*>(data);
  for (std::size_t done = 0; done < n; done += kChunk)
    check(g_mpi->bcast(bytes + done, static_cast<int>(std::min(kChunk, n - done)), root), "MPI_Bcast");
}

void broadcast(std::string& value, int root) {
  std::uint64_t n = value.size();
  broadcast(&n, sizeof n, root);
  value.resize(n);
  broadcast(value.data(), n, root);
}

std::vector<char> allgatherv(const void* data, std::size_t n, std::vector<std::size_t>* counts) {
  const char* bytes = static_cast<const char*>(data);
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(g_size), 0);
  sizes[static_cast<std::size_t>(g_rank)] = n;
  allreduce_sum(sizes);
  std::size_t total = 0;
  for (auto s : sizes) total += s;
  std::vector<char> all(total);
  if (counts) counts->assign(sizes.begin(), sizes.end());
  if (g_size <= 1) {
    if (n > 0) std::memcpy(all.data(), bytes, n);
    return all;
  }
  const std::uint64_t sent = g_bytes_sent + n;
  if (total <= static_cast<std::size_t>(INT_MAX)) {
    std::vector<int> receive(sizes.size()), offsets(sizes.size());
    int offset = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      receive[r] = static_cast<int>(sizes[r]);
      offsets[r] = offset;
      offset += receive[r];
    }
    check(g_mpi->allgatherv(bytes, static_cast<int>(n), all.data(), receive.data(), offsets.data()),
          "MPI_Allgatherv");
  } else {
    // Past int offsets: each rank's block broadcast in turn.
    std::size_t offset = 0;
    for (int r = 0; r < g_size; ++r) {
      if (r == g_rank && n > 0) std::memcpy(all.data() + offset, bytes, n);
      broadcast(all.data() + offset, sizes[static_cast<std::size_t>(r)], r);
      offset += sizes[static_cast<std::size_t>(r)];
    }
  }
  g_bytes_sent = sent;
  return all;
}

void barrier() {
  if (g_size > 1) check(g_mpi->barrier(), "MPI_Barrier");
}

std::uint64_t bytes_sent() { return g_bytes_sent; }

Range block_range(std::size_t n, int r, int parts) {
  const std::size_t p = static_cast<std::size_t>(parts), i = static_cast<std::size_t>(r);
  const std::size_t base = n / p, extra = n % p;
  const std::size_t begin = i * base + std::min(i, extra);
  return {begin, begin + base + (i < extra ? 1 : 0)};
}

Range weighted_block_range(const std::vector<double>& cumulative, int r, int parts) {
  const double total = cumulative.back();
  auto start = [&](int part) -> std::size_t {
    if (part >= parts) return cumulative.size() - 1;
    const double target = total * part / parts;
    return static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end() - 1, target) -
                                    cumulative.begin());
  };
  return {start(r), start(r + 1)};
}

}  // namespace embkit::distributed
