// The tfidf command: outputs, every rejected input, and the binary's exit codes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/sparse.h"
#include "core/vectors_io.h"
#include "support/test_util.h"
#include "tfidf_command.h"

using namespace embkit;
using embkit::test::kLabeledDocs;
using embkit::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("tfidf command writes matrix, terms, labels and dense vectors", "[cli][tfidf]") {
  TempDir dir;
  const std::string docs = dir.write("docs.tsv", kLabeledDocs);
  const std::string more = dir.write("more.tsv", "earn\tprofit rose\nacq\tmerger approved\n");
  auto o = cli::tfidf::parse({"--input", docs, "--fold-in", more, "--output", dir.file("X.mtx"), "--labels-out",
                              dir.file("labels.txt"), "--output-dense", dir.file("D.vec"), "--quiet"});
  REQUIRE(cli::tfidf::run(o) == 0);
  SparseMatrix X = read_matrix_market(dir.file("X.mtx"));
  CHECK(X.rows() == 7);
  Embeddings dense = read_vectors(dir.file("D.vec"));
  CHECK(dense.rows() == 7);
  CHECK(dense.dim() == X.cols());
  std::ifstream labels(dir.file("labels.txt"));
  std::string first;
  std::getline(labels, first);
  CHECK(first == "earn");
  std::ifstream terms(dir.file("X.terms.tsv"));
  std::string line;
  std::getline(terms, line);
  CHECK(line == "term\tdf\tidf");
  int rows = 0;
  while (std::getline(terms, line)) ++rows;
  CHECK(rows == X.cols());
}

TEST_CASE("tfidf --output X.npz: scipy.sparse.load_npz reads the .mtx's matrix", "[cli][tfidf][peers]") {
  embkit::test::require_python_modules({"scipy"});
  TempDir dir;
  const std::string docs = dir.write("docs.tsv", kLabeledDocs);
  for (const char* out : {"X.npz", "X.mtx"})
    REQUIRE(cli::tfidf::run(cli::tfidf::parse({"--input", docs, "--output", dir.file(out), "--quiet"})) == 0);
  CHECK(SparseMatrix(read_npz(dir.file("X.npz")) - read_matrix_market(dir.file("X.mtx"))).norm() == 0.0);
  // Exact equality: the .mtx holds shortest round-trip decimals of the same doubles.
  CHECK(embkit::test::scipy_npz_matches_mtx(dir, dir.file("X.npz"), dir.file("X.mtx")) == "equal\n");
}

TEST_CASE("tfidf command rejects bad options and input", "[cli][tfidf]") {
  TempDir dir;
  const std::string docs = dir.write("docs.tsv", kLabeledDocs);
  const std::string out = dir.file("X.mtx");
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--smart", "xtc"}), UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--preset", "gensim"}), UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--preset", "textbook", "--sublinear-tf"}),
                  UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--min-df", "-1"}), UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--tokens", "regex"}), UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs, "--output", out, "--format", "csv"}), UsageError);
  CHECK_THROWS_AS(cli::tfidf::parse({"--input", docs}), UsageError);
  // Missing file, empty file, --labels-out on unlabeled input, all terms pruned.
  auto missing = cli::tfidf::parse({"--input", dir.file("nope.txt"), "--output", out, "-q"});
  CHECK_THROWS_AS(cli::tfidf::run(missing), InputError);
  auto empty = cli::tfidf::parse({"--input", dir.write("empty.txt", "\n"), "--output", out, "-q"});
  CHECK_THROWS_AS(cli::tfidf::run(empty), InputError);
  auto unlabeled = cli::tfidf::parse(
      {"--input", dir.write("lines.txt", "one doc here\nanother doc\n"), "--output", out, "--labels-out",
       dir.file("l.txt"), "-q"});
  CHECK_THROWS_AS(cli::tfidf::run(unlabeled), InputError);
  auto pruned = cli::tfidf::parse({"--input", docs, "--output", out, "--min-df", "50", "-q"});
  CHECK_THROWS_AS(cli::tfidf::run(pruned), InputError);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("embkit binary maps errors to exit codes", "[cli]") {
  const std::string bin = EMBKIT_BINARY;
  REQUIRE(fs::exists(bin));  // built before the tests (tests/CMakeLists.txt)
  CHECK(WEXITSTATUS(std::system((bin + " tfidf --input /nonexistent --output /tmp/x.mtx -q 2>/dev/null").c_str())) == 1);
  CHECK(WEXITSTATUS(std::system((bin + " lsa --input x --dim 0 --json 2>/dev/null").c_str())) == 2);
}

TEST_CASE("tfidf keeps an empty line as an empty row, as scikit-learn does", "[cli][tfidf]") {
  TempDir dir;
  // scikit-learn: TfidfVectorizer().fit_transform(["cat sat", "", "dog sat"])
  // has shape (3, 3), row 1 empty; rows 0 and 2 keep their weights.
  const std::string docs = dir.write("docs.txt", "cat sat\n\ndog sat\n");
  auto o = cli::tfidf::parse({"--input", docs, "--output", dir.file("X.mtx"), "--quiet"});
  REQUIRE(cli::tfidf::run(o) == 0);
  const SparseMatrix X = read_matrix_market(dir.file("X.mtx"));
  REQUIRE(X.rows() == 3);
  REQUIRE(X.cols() == 3);
  CHECK(X.row(0).nonZeros() == 2);
  CHECK(X.row(1).nonZeros() == 0);
  CHECK(X.row(2).nonZeros() == 2);
  // Labeled input still skips blank lines (classify reads it the same way).
  const std::string labeled = dir.write("docs.tsv", "a\tcat sat\n\nb\tdog sat\n");
  auto l = cli::tfidf::parse({"--input", labeled, "--output", dir.file("L.mtx"), "--quiet"});
  REQUIRE(cli::tfidf::run(l) == 0);
  CHECK(read_matrix_market(dir.file("L.mtx")).rows() == 2);
}
