// The C interface between core/distributed.cc and the MPI module
// (libembkit_mpi.so, built from mpi_module.cc when EMBKIT_MPI is on).
//
// Why a module: linking libmpi into embkit loads Open MPI's six libraries
// (libmpi, libopen-rte, libopen-pal, hwloc, libevent, udev) into every run,
// which made `embkit --version` 3 ms slower; dlopen()ing the module only when
// a launcher started the process keeps a plain `embkit` as fast as without MPI.
// The module is compiled against the installed mpi.h, so it follows that MPI's
// ABI (Open MPI, MPICH) without embkit knowing it.
#pragma once

extern "C" {

enum EmbkitMpiType { EMBKIT_MPI_FLOAT = 0, EMBKIT_MPI_DOUBLE = 1, EMBKIT_MPI_UINT64 = 2 };

// Every function returns MPI_SUCCESS (0) or an MPI error code, which
// error_string turns into text; counts are MPI's ints (the caller splits).
struct EmbkitMpiOps {
  int version;  // kEmbkitMpiOpsVersion of the module's build
  int (*init)(int* argc, char*** argv, int* rank, int* size);
  int (*finalize)();
  void (*abort)(int code);
  int (*allreduce_sum)(void* data, int count, int type);
  int (*allreduce_max_u64)(const unsigned long long* in, unsigned long long* out);
  int (*allreduce_bor_u64)(unsigned long long* data, int count);  // bitwise OR, in place
  int (*bcast)(void* data, int count, int root);
  int (*allgatherv)(const void* send, int count, void* receive, const int* counts, const int* offsets);
  int (*barrier)();
  void (*error_string)(int code, char* text, int capacity);
};

// The one symbol the module exports.
const EmbkitMpiOps* embkit_mpi_ops();
typedef const EmbkitMpiOps* (*EmbkitMpiOpsFunction)();

}  // extern "C"

constexpr int kEmbkitMpiOpsVersion = 2;
