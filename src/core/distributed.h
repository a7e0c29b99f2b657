// Running one job on several processes (MPI ranks): the thin layer the
// distributed commands use, the same with and without MPI.
//
// With EMBKIT_MPI (on when CMake finds MPI) the build also makes the module
// libembkit_mpi.so (core/mpi/mpi_module.h), which init() loads only when a
// launcher started this process (mpirun, mpiexec, srun: its environment names
// a rank). So a plain `embkit ...` never loads or initializes MPI, prints
// nothing new and starts as fast as without it. Without MPI, or not launched,
// there is one process: size() 1, rank() 0, and every collective leaves the
// data as it is (the sum over one rank is the rank's own value).
//
// Threads: each rank runs its OpenMP/std::thread workers as on one machine;
// MPI is called from the main thread only (MPI_THREAD_FUNNELED).
//
// Only rank 0 writes: init() points every other rank's standard output at
// /dev/null, AtomicFile writes nothing there (core/atomic_file.h) and Progress
// stays silent; so commands need no rank checks to write their results.
//
// Failure: a rank that fails cannot tell the others, which may be waiting for it
// in a collective; abort() ends every rank of the job (MPI_Abort), so a failure
// anywhere ends the whole job with the failing rank's exit code, never a hang.
// A failed collective throws InputError.
//
// Sizes: the collectives take any std::size_t count; MPI's int counts are
// handled inside (long arrays go in pieces of at most 2^30 elements).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace embkit::distributed {

// Starts MPI (MPI_Init_thread, MPI_THREAD_FUNNELED) if a launcher started
// this process; otherwise does nothing. Throws InputError if it cannot (the
// module is missing; UsageError when the build has no MPI and N > 1).
// Idempotent.
void init();
// MPI_Finalize, if init() started MPI. Every rank must call it on success.
void finalize();
// Ends the whole job with exit code `code`: MPI_Abort on every rank when more
// than one runs, std::exit otherwise. Flushes stdout and stderr first.
[[noreturn]] void abort(int code);

// Whether the build has MPI (EMBKIT_MPI), whether init() started it.
bool built_with_mpi();
bool active();
int rank();
int size();
inline bool is_root() { return rank() == 0; }
// "rank 1 of 4" for messages; "" with one process.
std::string rank_label();

// Element-wise sum over all ranks, in place (MPI_Allreduce). Every rank gets
// the same result: floating-point sums are taken by MPI in one order for all
// ranks, so the ranks stay identical (not necessarily equal to a serial sum).
void allreduce_sum(float* data, std::size_t n);
void allreduce_sum(double* data, std::size_t n);
void allreduce_sum(std::uint64_t* data, std::size_t n);
template <class T>
void allreduce_sum(std::vector<T>& data) { allreduce_sum(data.data(), data.size()); }
// The maximum over all ranks (how ranks agree on a flag: any rank's 1 wins).
std::uint64_t allreduce_max(std::uint64_t value);
// Element-wise bitwise OR over all ranks, in place: the union of bitmaps.
void allreduce_or(std::uint64_t* data, std::size_t n);

// Rank `root`'s bytes copied to every rank (MPI_Bcast); every rank passes the
// same `n`.
void broadcast(void* data, std::size_t n, int root = 0);
// Strings and vectors of trivially copyable values: the size goes first, so
// only `root`'s value needs to be set.
void broadcast(std::string& value, int root = 0);
template <class T>
void broadcast(std::vector<T>& values, int root = 0) {
  static_assert(std::is_trivially_copyable_v<T>, "broadcast sends raw bytes");
  std::uint64_t n = values.size();
  broadcast(&n, sizeof n, root);
  values.resize(n);
  broadcast(values.data(), n * sizeof(T), root);
}

// Every rank's bytes, concatenated in rank order, on every rank
// (MPI_Allgatherv). `counts`, when given, receives each rank's byte count.
std::vector<char> allgatherv(const void* data, std::size_t n, std::vector<std::size_t>* counts = nullptr);
template <class T>
std::vector<T> allgatherv(const std::vector<T>& local, std::vector<std::size_t>* counts = nullptr) {
  static_assert(std::is_trivially_copyable_v<T>, "allgatherv sends raw bytes");
  const std::vector<char> bytes = allgatherv(local.data(), local.size() * sizeof(T), counts);
  std::vector<T> all(bytes.size() / sizeof(T));
  if (!all.empty()) std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(all.data()));
  if (counts)
    for (auto& c : *counts) c /= sizeof(T);
  return all;
}

void barrier();

// The payload bytes this rank has handed to collectives since init(): an
// allreduce of n bytes counts n, a broadcast n at its root, an allgatherv the
// local block. What a ring algorithm sends is proportional (2(N−1)/N · n for an
// allreduce); bench/distributed.sh reports it per rank.
std::uint64_t bytes_sent();

// Splits [0, n) into size() contiguous parts as even as possible (the first
// n % size() parts one longer) and returns rank `r`'s [begin, end).
struct Range {
  std::size_t begin, end;
};
Range block_range(std::size_t n, int r, int parts);
inline Range my_range(std::size_t n) { return block_range(n, rank(), size()); }

// Splits [0, n) into `parts` contiguous parts of nearly equal weight, where
// cumulative[i] is the weight of items [0, i) (n + 1 entries, non-decreasing,
// from 0): part r starts at the first i with cumulative[i] ≥ r·W/parts (W the
// whole weight). For rows of uneven cost (ALS: a row's solve grows with its
// observations), where equal counts leave one rank waiting for another.
Range weighted_block_range(const std::vector<double>& cumulative, int r, int parts);

}  // namespace embkit::distributed
