// The MPI layer as a command sees it (core/distributed.h, apps/cli.h): a
// command that does not run on several ranks refuses, rank 0 alone writes, a
// failure on one rank ends the job. Each command's own distributed results
// are checked against one process in the other files of this folder.
#include <catch2/catch.hpp>

#include "distributed/mpi_util.h"

using namespace embkit::test;

TEST_CASE("mpi: a command that runs on one process refuses two ranks, once, with exit 2", "[mpi]") {
  TempDir tmp;
  const std::string in = tmp.write("in.txt", "Some Words here\n");
  const MpiResult r = run_mpi(2, "tokenize --mode text8 --input " + in + " --output " + tmp.file("out.txt"));
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("embkit tokenize (rank 0 of 2): runs on one process only, not on 2 MPI ranks") !=
        std::string::npos);
  CHECK(r.err.find("rank 1 of 2") == std::string::npos);  // said once, by rank 0
  CHECK_FALSE(fs::exists(tmp.file("out.txt")));
  CHECK(r.out.empty());
}

TEST_CASE("mpi: one rank under mpirun runs every command as without it", "[mpi]") {
  TempDir tmp;
  const std::string in = tmp.write("in.txt", "Some Words here, and more Words\n");
  const MpiResult r = run_mpi(1, "tokenize --mode text8 --quiet --input " + in + " --output -");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == run_embkit("tokenize --mode text8 --quiet --input " + in + " --output -").out);
}
