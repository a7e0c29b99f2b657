// libembkit_mpi.so: core/distributed.cc's calls, made with MPI (see mpi_module.h).
#include "core/mpi/mpi_module.h"

#include <mpi.h>

#include <cstring>

namespace {

MPI_Datatype datatype(int type) {
  switch (type) {
    case EMBKIT_MPI_FLOAT: return MPI_FLOAT;
    case EMBKIT_MPI_DOUBLE: return MPI_DOUBLE;
    default: return MPI_UNSIGNED_LONG_LONG;
  }
}

int init(int* argc, char*** argv, int* rank, int* size) {
  // FUNNELED: each rank runs OpenMP threads, but only the main thread calls MPI.
  int provided = 0;
  int code = MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  if (code != MPI_SUCCESS) return code;
  // Errors come back as codes; the caller throws, and a failure ends the job
  // through abort() with embkit's message instead of MPI's default handler.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if ((code = MPI_Comm_rank(MPI_COMM_WORLD, rank)) != MPI_SUCCESS) return code;
  return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int finalize() { return MPI_Finalize(); }
void abort_job(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

int allreduce_sum(void* data, int count, int type) {
  return MPI_Allreduce(MPI_IN_PLACE, data, count, datatype(type), MPI_SUM, MPI_COMM_WORLD);
}

int allreduce_max_u64(const unsigned long long* in, unsigned long long* out) {
  return MPI_Allreduce(in, out, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
}

int allreduce_bor_u64(unsigned long long* data, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_UNSIGNED_LONG_LONG, MPI_BOR, MPI_COMM_WORLD);
}

int bcast(void* data, int count, int root) { return MPI_Bcast(data, count, MPI_BYTE, root, MPI_COMM_WORLD); }

int allgatherv(const void* send, int count, void* receive, const int* counts, const int* offsets) {
  return MPI_Allgatherv(send, count, MPI_BYTE, receive, counts, offsets, MPI_BYTE, MPI_COMM_WORLD);
}

int barrier() { return MPI_Barrier(MPI_COMM_WORLD); }

void error_string(int code, char* text, int capacity) {
  char buffer[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, buffer, &length) != MPI_SUCCESS) length = 0;
  if (capacity <= 0) return;
  const int n = length < capacity - 1 ? length : capacity - 1;
  std::memcpy(text, buffer, static_cast<std::size_t>(n));
  text[n] = '\0';
}

const EmbkitMpiOps kOps = {kEmbkitMpiOpsVersion, init, finalize, abort_job, allreduce_sum, allreduce_max_u64,
                           allreduce_bor_u64, bcast, allgatherv, barrier, error_string};

}  // namespace

extern "C" __attribute__((visibility("default"))) const EmbkitMpiOps* embkit_mpi_ops() { return &kOps; }
