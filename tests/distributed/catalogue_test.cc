// The "Under mpirun" rows of docs/errors.md: each command line run with
// mpirun (--oversubscribe) in a fresh directory holding the catalogue's input
// files (tests/support/catalogue.h).
#include <catch2/catch.hpp>

#include "distributed/mpi_util.h"
#include "support/catalogue.h"

using namespace embkit::test;

TEST_CASE("docs/errors.md: every row under mpirun gives its exit code and one embkit line", "[mpi]") {
  const Catalogue cat = load("Under mpirun");
  REQUIRE(cat.cases.size() >= 4);
  for (const auto& k : cat.cases) {
    INFO("row " << k.number << ": " << k.command);
    // "mpirun -np N embkit ARGS" → mpirun -np N <the built embkit> ARGS
    const std::string head = "mpirun -np ";
    REQUIRE(k.command.rfind(head, 0) == 0);
    const std::size_t at = k.command.find(" embkit ");
    REQUIRE(at != std::string::npos);
    TempDir dir;
    std::set<std::string> inputs;
    for (const auto& f : cat.fixtures) {
      create(f, dir.file(f.name));
      inputs.insert(f.name);
    }
    const std::string args = substitute(k.command.substr(at + 8), dir.path());
    const MpiResult r = run_mpirun(k.command.substr(6, at - 6) + " " + EMBKIT_BINARY + " " + args +
                                   " <" + dir.file("empty.txt"));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == k.exit_code);
    int lines = 0;
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);) lines += line.rfind("embkit", 0) == 0;
    CHECK(lines == 1);
    CHECK(r.err.find(k.fragment) != std::string::npos);
    CHECK(r.out.empty());
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      INFO("left behind: " << name);
      CHECK(inputs.count(name) == 1);
    }
  }
}
