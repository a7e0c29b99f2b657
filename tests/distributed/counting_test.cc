// Distributed counting under mpirun: each rank counts a block of the documents
// (text/count_vectorizer.h) and the output is one process's, byte for byte.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "distributed/mpi_util.h"

using namespace embkit::test;

TEST_CASE("mpi: tfidf on 2 and 3 ranks writes one process's matrix and terms, byte for byte", "[mpi]") {
  TempDir tmp;
  const std::string corpus = source_path("corpora/wiki-sample.txt");
  // max_features breaks ties among equal totals by numpy's argsort order: the
  // merged totals must equal one process's for the same terms to survive.
  for (const std::string& options : std::vector<std::string>{"", " --max-features 300", " --min-df 2 --max-df 0.4 --sublinear-tf",
                                    " --tokens unicode --fold-in " + corpus}) {
    const std::string args = "tfidf --input " + corpus + " --threads 2 --quiet" + options + " --output ";
    const CommandResult one = run_embkit(args + tmp.file("one.npz"));
    REQUIRE(one.exit_code == 0);
    for (int ranks : {2, 3}) {
      const MpiResult many = run_mpi(ranks, args + tmp.file("many.npz"));
      INFO(options << ", " << ranks << " ranks\n" << many.err);
      REQUIRE(many.exit_code == 0);
      CHECK(read_file(tmp.file("many.npz")) == read_file(tmp.file("one.npz")));
      CHECK(read_file(tmp.file("many.terms.tsv")) == read_file(tmp.file("one.terms.tsv")));
    }
  }
}

TEST_CASE("mpi: lsa on 2 ranks: the same documents and terms, vectors equal to rounding", "[mpi]") {
  TempDir tmp;
  const std::string corpus = source_path("corpora/wiki-sample.txt");
  const std::string args = "lsa --input " + corpus + " --dim 10 --threads 1 --quiet --output-docs ";
  const CommandResult one = run_embkit(args + tmp.file("d1.vec") + " --output-terms " + tmp.file("t1.vec"));
  const MpiResult two = run_mpi(2, args + tmp.file("d2.vec") + " --output-terms " + tmp.file("t2.vec"));
  INFO(one.err << two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  for (const char* side : {"d", "t"}) {
    std::istringstream a(read_file(tmp.file(side + std::string("1.vec")))), b(read_file(tmp.file(side + std::string("2.vec"))));
    std::string la, lb;
    int rows = 0;
    double worst = 0;
    while (std::getline(a, la) && std::getline(b, lb)) {
      std::istringstream fa(la), fb(lb);
      std::string label_a, label_b;
      fa >> label_a;
      fb >> label_b;
      CHECK(label_a == label_b);  // the header's row count, then each row's label
      for (double x, y; fa >> x && fb >> y;) worst = std::max(worst, std::fabs(x - y));
      ++rows;
    }
    CHECK(rows > 100);
    CHECK(worst < 1e-5);
  }
}
