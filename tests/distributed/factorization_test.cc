// The distributed factorizations under mpirun against one process: the
// randomized SVD split along the matrix's long side, and block ALS.
#include <catch2/catch.hpp>

#include <cmath>

#include "distributed/mpi_util.h"

using namespace embkit::test;

namespace {

std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  for (double x; in >> x;) out.push_back(x);
  return out;
}

// A sparse `rows` × `cols` Matrix Market file, about `per_row` entries a row.
std::string random_mtx(const TempDir& tmp, const std::string& name, int rows, int cols, int per_row) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> column(1, cols);
  std::uniform_real_distribution<double> value(0.1, 2.0);
  std::ostringstream body;
  int entries = 0;
  for (int r = 1; r <= rows; ++r) {
    std::vector<int> seen;
    for (int e = 0; e < per_row; ++e) {
      const int c = column(rng);
      if (std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
      seen.push_back(c);
      body << r << " " << c << " " << value(rng) << "\n";
      ++entries;
    }
  }
  return tmp.write(name, "%%MatrixMarket matrix coordinate real general\n" + std::to_string(rows) + " " +
                             std::to_string(cols) + " " + std::to_string(entries) + "\n" + body.str());
}

}  // namespace

TEST_CASE("mpi: svd on 2 ranks gives one process's singular values within 1e-6 relative", "[mpi]") {
  TempDir tmp;
  // Wide (rows < cols: the columns are split) and tall (the rows are split).
  const std::string wide = random_mtx(tmp, "wide.mtx", 150, 2500, 12);
  const std::string tall = random_mtx(tmp, "tall.mtx", 3000, 140, 8);
  for (const std::string& input : {wide, tall})
    for (const char* solver : {"krylov", "subspace"}) {
      const std::string args = "svd --input " + input + " --dim 12 --solver " + solver + " --threads 1 --quiet ";
      const CommandResult one = run_embkit(args + "--output-s " + tmp.file("s1.txt"));
      const MpiResult two = run_mpi(2, args + "--output-s " + tmp.file("s2.txt"));
      INFO(input << " " << solver << "\n" << one.err << two.err);
      REQUIRE(one.exit_code == 0);
      REQUIRE(two.exit_code == 0);
      const std::vector<double> s1 = numbers(read_file(tmp.file("s1.txt"))), s2 = numbers(read_file(tmp.file("s2.txt")));
      REQUIRE(s1.size() == 12);
      REQUIRE(s2.size() == s1.size());
      for (std::size_t j = 0; j < s1.size(); ++j) CHECK(std::fabs(s2[j] - s1[j]) <= 1e-6 * s1[j]);
    }
}

TEST_CASE("mpi: mf --algo als on 2 ranks gives one process's metrics and factors", "[mpi]") {
  TempDir tmp;
  const std::string ratings = source_path("corpora/ratings-small.tsv");
  const std::string args = "mf --input " + ratings + " --algo als --split random --dim 8 --epochs 5 --threads 1 --quiet ";
  const CommandResult one = run_embkit(args + "--output-users " + tmp.file("u1.vec") + " --output-items " +
                                       tmp.file("i1.vec"));
  const MpiResult two = run_mpi(2, args + "--output-users " + tmp.file("u2.vec") + " --output-items " +
                                       tmp.file("i2.vec"));
  INFO(one.err << two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(one.out.find("precision@10") != std::string::npos);
  // Each row is solved from the same numbers as on one process (als.cc):
  // metrics and factors agree exactly, well inside the 1e-4 asked for.
  CHECK(two.out == one.out);
  CHECK(read_file(tmp.file("u2.vec")) == read_file(tmp.file("u1.vec")));
  CHECK(read_file(tmp.file("i2.vec")) == read_file(tmp.file("i1.vec")));
}
