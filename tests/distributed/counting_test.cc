// Distributed counting under mpirun, each output one process's, byte for byte:
// tfidf and lsa (each rank counts a block of the documents,
// text/count_vectorizer.h); vocab (byte ranges, core/corpus_counts.h);
// cooccurrence, glove and ppmi (the co-occurrence blocks dealt round-robin,
// factorization/cooccurrence.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "distributed/mpi_util.h"

using namespace embkit::test;

namespace {

// A corpus whose byte ranges and counting blocks cut through everything a
// split can get wrong: lines of 0 to 60 words and a few of 3,000 (windows
// across a rank's first and last bytes, blocks that end inside a line), lines
// of words below --min-count 2 only (sentence ends that one process merges
// into one), tabs and runs of spaces, and no newline at the end. 541,131 ids
// and sentence ends at --min-count 2: with --window 100 the co-occurrence
// counting takes 7 blocks of 83,886 (2^23 pairs / 100), so 2 and 3 ranks both
// end on a partial round.
std::string boundary_corpus() {
  std::string text;
  std::uint64_t x = 12345;
  auto next = [&x](std::uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  int rare = 0;
  while (text.size() < 2'000'000) {
    const std::uint64_t kind = next(50);
    const std::uint64_t words = kind == 0 ? 3000 : next(61);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (kind == 1) text += "rare" + std::to_string(rare++);
      else text += "w" + std::to_string(next(8) * next(8));  // 0..49, skewed towards small ids: tied counts too
      text += w + 1 == words ? "" : next(9) == 0 ? "\t  " : " ";
    }
    text += '\n';
  }
  text += "w1 w2 w3";
  return text;
}

// Runs `args` + one.EXT on one process and `args` + many.EXT on 2 and 3 ranks
// (args ends in "--output "), and requires the same bytes in the output and in
// each companion file (e.g. "terms.tsv": one.terms.tsv against many.terms.tsv).
void check_same_as_one_process(const TempDir& tmp, const std::string& args, const std::string& ext,
                               const std::vector<std::string>& companions = {}) {
  const CommandResult one = run_embkit(args + tmp.file("one." + ext));
  INFO(args << "\n" << one.err);
  REQUIRE(one.exit_code == 0);
  for (int ranks : {2, 3}) {
    const MpiResult many = run_mpi(ranks, args + tmp.file("many." + ext));
    INFO(ranks << " ranks\n" << many.err);
    REQUIRE(many.exit_code == 0);
    CHECK(read_file(tmp.file("many." + ext)) == read_file(tmp.file("one." + ext)));
    for (const std::string& companion : companions)
      CHECK(read_file(tmp.file("many." + companion)) == read_file(tmp.file("one." + companion)));
  }
}

}  // namespace

TEST_CASE("mpi: tfidf on 2 and 3 ranks writes one process's matrix and terms, byte for byte", "[mpi]") {
  TempDir tmp;
  const std::string corpus = source_path("corpora/wiki-sample.txt");
  // max_features breaks ties among equal totals by numpy's argsort order: the
  // merged totals must equal one process's for the same terms to survive.
  for (const std::string& options : std::vector<std::string>{"", " --max-features 300", " --min-df 2 --max-df 0.4 --sublinear-tf",
                                    " --tokens unicode --fold-in " + corpus}) {
    check_same_as_one_process(tmp, "tfidf --input " + corpus + " --threads 2 --quiet" + options + " --output ", "npz",
                              {"terms.tsv"});
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

TEST_CASE("mpi: vocab on 2 and 3 ranks writes one process's vocabulary, byte for byte", "[mpi]") {
  TempDir tmp;
  const std::string sample = source_path("corpora/wiki-sample.txt"), crafted = tmp.write("c.txt", boundary_corpus());
  for (const std::string& options : std::vector<std::string>{" --input " + sample, " --input " + sample + " --min-count 1",
                                    " --input " + crafted + " --min-count 2 --max-vocab 30"}) {
    check_same_as_one_process(tmp, "vocab" + options + " --quiet --output ", "tsv");
  }
}

TEST_CASE("mpi: cooccurrence on 2 and 3 ranks writes one process's matrix, byte for byte", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", boundary_corpus());
  // The float sums depend on how one process cuts the pairs into blocks and
  // threads: the same --threads on both sides.
  for (const std::string& options : std::vector<std::string>{" --threads 2", " --threads 1 --weighting dynamic --upper"}) {
    check_same_as_one_process(
        tmp, "cooccurrence --input " + corpus + " --min-count 2 --window 100 --quiet" + options + " --output ", "npz",
        {"terms.tsv"});
  }
}

TEST_CASE("mpi: glove (--seed, --threads 1) and ppmi on 2 and 3 ranks write one process's vectors, byte for byte",
          "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", boundary_corpus());
  const std::string common = " --input " + corpus + " --min-count 2 --window 100 --dim 8 --threads 1 --quiet";
  for (const std::string command : {"glove --epochs 3 --seed 7", "ppmi --seed 7"}) {
    const std::string args = command + common + " --output ";
    const CommandResult one = run_embkit(args + tmp.file("one.vec"));
    INFO(command << "\n" << one.err);
    REQUIRE(one.exit_code == 0);
    for (int ranks : {2, 3}) {
      const MpiResult many = run_mpi(ranks, args + tmp.file("many.vec") + " --json");
      INFO(ranks << " ranks\n" << many.err);
      REQUIRE(many.exit_code == 0);
      CHECK(many.out.find("\"vocabulary\":") != std::string::npos);  // rank 0's summary, once
      CHECK(read_file(tmp.file("many.vec")) == read_file(tmp.file("one.vec")));
    }
  }
}

TEST_CASE("mpi: a counting command failing on bad input ends the job at once with exit 1 and writes nothing",
          "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", boundary_corpus());
  // Every rank meets it (the counts are summed first); --min-count above any count.
  for (const std::string command : {"vocab", "cooccurrence", "glove"}) {
    const std::string out = tmp.file(command == "cooccurrence" ? "x.npz" : "x.out");
    const MpiResult r = run_mpi(2, command + " --input " + corpus + " --min-count 10000000 --output " + out);
    INFO(command << "\n" << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("occur fewer than --min-count 10000000 times"));
    CHECK(r.seconds < 60);
    CHECK_FALSE(fs::exists(out));
  }
  // One rank alone: its file differs (a rank on another machine with another copy).
  const std::string other = tmp.write("d.txt", boundary_corpus() + " w4");
  const std::string out = tmp.file("m.npz");
  const MpiResult r = run_mpirun("-np 1 " + std::string(EMBKIT_BINARY) + " cooccurrence --input " + corpus +
                                 " --min-count 2 --window 100 --quiet --output " + out + " : -np 1 " + EMBKIT_BINARY +
                                 " cooccurrence --input " + other + " --min-count 2 --window 100 --quiet --output " + out);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("the MPI ranks read different corpora"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("mpi: vocab refuses on 2 ranks a corpus one process would prune while counting", "[mpi][large]") {
  TempDir tmp;
  // 20,000,001 distinct words, one more than one process holds before it
  // prunes the rarest (core/vocabulary.cc): ~190 MB, ~2 GB per rank.
  const std::string corpus = tmp.file("c.txt");
  {
    std::ofstream out(corpus, std::ios::binary);
    for (int i = 0; i <= 20'000'000; ++i) out << 'x' << i << (i % 1000 == 999 ? '\n' : ' ');
  }
  const MpiResult r = run_mpi(2, "vocab --input " + corpus + " --output " + tmp.file("v.tsv"));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("has 20000001 distinct words, more than the 20000000 one process counts before "
                                    "pruning rare ones"));
  CHECK_FALSE(fs::exists(tmp.file("v.tsv")));
}
