// Running embkit under `mpirun -np N` from a test. Tests tagged [mpi] need a
// build with MPI (libembkit_mpi.so beside the embkit binary) and Open MPI's
// mpirun; scripts/test.sh runs them only then and reports them as skipped
// otherwise. Run without it, a test fails here with the reason.
#pragma once

#include <sys/wait.h>

#include <chrono>
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

// `mpirun -np N --oversubscribe embkit <args>`: N ranks on this machine (more
// than its cores: --oversubscribe), as root too (CI runs as root).
inline MpiResult run_mpi(int ranks, const std::string& args) {
  require_mpi();
  TempDir tmp;
  const std::string out = tmp.file("out"), err = tmp.file("err");
  const std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                          "mpirun -np " + std::to_string(ranks) + " --oversubscribe " + EMBKIT_BINARY + " " + args +
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

}  // namespace embkit::test
