// Running embkit under `mpirun -np N` from a test. Tests tagged [mpi] need a
// build with MPI (libembkit_mpi.so beside the embkit binary) and Open MPI's
// mpirun; scripts/test.sh runs them only then and reports them as skipped
// otherwise. Run without it, a test fails here with the reason.
#pragma once

#include <sys/wait.h>

#include <chrono>
#include <random>
#include <sstream>
#include <string>

#include "support/test_util.h"

namespace embkit::test {

inline std::string mpi_module_path() {
  const std::string binary = EMBKIT_BINARY;
  const auto slash = binary.rfind('/');
  return (slash == std::string::npos ? std::string(".") : binary.substr(0, slash)) + "/libembkit_mpi.so";
}

inline void require_mpi() {
  INFO("[mpi] test: needs a build with MPI (EMBKIT_MPI, libopenmpi-dev) and mpirun (openmpi-bin); "
       "scripts/test.sh skips these then");
  REQUIRE(fs::exists(mpi_module_path()));
  REQUIRE(have_program("mpirun"));
}

struct MpiResult : CommandResult {
  double seconds;
};

// `mpirun <launch>`, where `launch` names the programs itself (MPMD: "-np 1
// A : -np 1 B"); as root too (CI runs as root), more ranks than cores allowed.
inline MpiResult run_mpirun(const std::string& launch) {
  require_mpi();
  TempDir tmp;
  const std::string out = tmp.file("out"), err = tmp.file("err");
  const std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe " + launch +
                          " >" + out + " 2>" + err;
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  MpiResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// `mpirun -np N --oversubscribe embkit <args>`: N ranks on this machine.
inline MpiResult run_mpi(int ranks, const std::string& args) {
  return run_mpirun("-np " + std::to_string(ranks) + " " + EMBKIT_BINARY + " " + args);
}

// A .vec file of `rows` × `dim` reproducible pseudo-random vectors (labels
// w0, w1, ...): no ties, so exact search has one right answer.
inline std::string random_vectors(const TempDir& tmp, const std::string& name, int rows, int dim,
                                  unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::ostringstream text;
  text << rows << " " << dim << "\n";
  for (int i = 0; i < rows; ++i) {
    text << "w" << i;
    for (int j = 0; j < dim; ++j) text << " " << normal(rng);
    text << "\n";
  }
  return tmp.write(name, text.str());
}

}  // namespace embkit::test
