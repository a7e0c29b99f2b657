// The MPI layer as a command sees it (core/distributed.h, apps/cli.h): a
// command that does not run on several ranks refuses, rank 0 alone writes, a
// failure on one rank ends the job. Each command's own distributed results
// are checked against one process in the other files of this folder.
#include <catch2/catch.hpp>

#include <sys/stat.h>

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

TEST_CASE("mpi: SIGTERM to the ranks ends the job with 143, rank 0 saying so once", "[mpi]") {
  // Both ranks wait on a FIFO nobody writes (--query-file): the signal is
  // what ends them.
  require_mpi();
  TempDir tmp;
  const std::string vectors = random_vectors(tmp, "v.vec", 50, 4);
  const std::string fifo = tmp.file("queries.fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const std::string script = tmp.write(
      "run.sh", "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 --oversubscribe " +
                    std::string(EMBKIT_BINARY) + " knn -v " + vectors + " --query-file " + fifo + " >" +
                    tmp.file("out") + " 2>" + tmp.file("err") + " &\nm=$!\nsleep 2\n" +
                    "for p in $(pgrep -P $m); do kill -TERM $p; done\nwait $m\necho $? >" + tmp.file("rc") + "\n");
  REQUIRE(std::system(("sh " + script).c_str()) == 0);
  const std::string err = read_file(tmp.file("err"));
  INFO(err);
  CHECK(std::stoi(read_file(tmp.file("rc"))) == 143);
  CHECK(err.find("embkit knn (rank 0 of 2): interrupted by signal") != std::string::npos);
  CHECK(err.find("rank 1 of 2") == std::string::npos);
  CHECK(read_file(tmp.file("out")).empty());
}
