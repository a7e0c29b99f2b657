// embkit cooccurrence: the counts GloVe and PPMI train on, written as a sparse
// matrix with its terms file; a hand-computed corpus, the counting glove uses,
// SciPy reading the .npz. Its refusals are rows 310-320 of docs/errors.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "core/sparse.h"
#include "core/vocabulary.h"
#include "factorization/cooccurrence.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::test;

namespace {

// The matrix of `path` by term pairs, with the terms file's rows checked.
std::map<std::pair<std::string, std::string>, double> cells(const std::string& matrix_path,
                                                            const std::string& terms_path,
                                                            std::vector<std::string>* terms_out = nullptr) {
  std::ifstream in(terms_path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "term\tcount");
  std::vector<std::string> terms;
  while (std::getline(in, line)) terms.push_back(line.substr(0, line.find('\t')));
  const SparseMatrix X = read_sparse(matrix_path);
  REQUIRE(X.rows() == static_cast<Eigen::Index>(terms.size()));
  REQUIRE(X.cols() == X.rows());
  std::map<std::pair<std::string, std::string>, double> out;
  for (Eigen::Index i = 0; i < X.outerSize(); ++i)
    for (SparseMatrix::InnerIterator it(X, i); it; ++it) out[{terms[it.row()], terms[it.col()]}] = it.value();
  if (terms_out) *terms_out = terms;
  return out;
}

}  // namespace

TEST_CASE("cooccurrence counts a hand-computed corpus as GloVe does", "[cooccurrence][cli]") {
  // "z" occurs once and is dropped before distances are taken (--min-count 2),
  // so "b c" in the first line are 1 apart; a newline ends the window; "a a"
  // adds to X_aa in both directions. With --window 2 and 1/d:
  //   line 1 (a b c): ab += 1, ac += 1/2, bc += 1
  //   line 2 (b a a): ba += 1, ba += 1/2 (d = 2), aa += 2 × 1
  TempDir tmp;
  const std::string corpus = tmp.write("corpus.txt", "a b z c\nb a a\nc\n");
  const std::string base = "cooccurrence -q -i " + corpus + " --window 2 --min-count 2 --threads 1";
  REQUIRE(run_embkit(base + " -o " + tmp.file("h.mtx")).exit_code == 0);
  std::vector<std::string> terms;
  const auto harmonic = cells(tmp.file("h.mtx"), tmp.file("h.terms.tsv"), &terms);
  CHECK(terms == std::vector<std::string>{"a", "b", "c"});  // most frequent first
  const std::map<std::pair<std::string, std::string>, double> expected = {
      {{"a", "a"}, 2.0}, {{"a", "b"}, 2.5}, {{"b", "a"}, 2.5}, {{"a", "c"}, 0.5},
      {{"c", "a"}, 0.5}, {{"b", "c"}, 1.0}, {{"c", "b"}, 1.0}};
  CHECK(harmonic == expected);
  CHECK(read_file(tmp.file("h.terms.tsv")) == "term\tcount\na\t3\nb\t2\nc\t2\n");

  // Uniform weights count the pairs; --upper keeps row <= column; .npz holds the same.
  REQUIRE(run_embkit(base + " --weighting uniform --upper -o " + tmp.file("u.npz")).exit_code == 0);
  const std::map<std::pair<std::string, std::string>, double> upper = {
      {{"a", "a"}, 2.0}, {{"a", "b"}, 3.0}, {{"a", "c"}, 1.0}, {{"b", "c"}, 1.0}};
  CHECK(cells(tmp.file("u.npz"), tmp.file("u.terms.tsv")) == upper);

  // The counting `embkit glove` trains on, with the same vocabulary and options.
  VocabularyOptions vocabulary;
  vocabulary.min_count = 2;
  const Vocabulary vocab = corpus_vocabulary(corpus, vocabulary);
  CooccurrenceOptions options;
  options.window = 2;
  options.quiet = true;
  const SparseMatrix glove = count_cooccurrence(corpus, vocab, options).to_symmetric_sparse();
  REQUIRE(run_embkit(base + " -o " + tmp.file("h.npz")).exit_code == 0);
  CHECK(SparseMatrix(read_sparse(tmp.file("h.npz")) - glove).norm() == 0.0);
  CHECK(SparseMatrix(read_sparse(tmp.file("h.mtx")) - glove).norm() == 0.0);
}

TEST_CASE("cooccurrence --json reports the matrix; progress goes to stderr", "[cooccurrence][cli]") {
  TempDir tmp;
  const std::string corpus = tmp.write("corpus.txt", "a b z c\nb a a\nc\n");
  const CommandResult r =
      run_embkit("cooccurrence --json -i " + corpus + " -o " + tmp.file("x.npz") + " --window 2 --min-count 2");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("{\"vocabulary\":3,\"corpus_tokens\":8,\"counted_tokens\":7,\"nonzeros\":7,\"window\":2,"
                    "\"weighting\":\"harmonic\",\"triangle\":\"both\",",
                    0) == 0);
  CHECK(r.out.find("\"peak_rss_bytes\":") != std::string::npos);
  CHECK_THAT(r.err, Catch::Contains("cooccurrence: co-occurrence: 7 non-zeros (both triangles)"));
  const CommandResult quiet = run_embkit("cooccurrence -q -i " + corpus + " -o " + tmp.file("y.npz") + " --min-count 2");
  CHECK(quiet.exit_code == 0);
  CHECK_THAT(quiet.err, !Catch::Contains("non-zeros"));
}

TEST_CASE("cooccurrence --output X.npz: scipy.sparse.load_npz reads the .mtx's matrix", "[cooccurrence][cli][peers]") {
  require_python_modules({"scipy"});
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 30; ++i) text += "the king rules the land and the queen rules the land\n";
  const std::string corpus = tmp.write("corpus.txt", text);
  for (const char* out : {"X.npz", "X.mtx"})
    REQUIRE(run_embkit("cooccurrence -q -i " + corpus + " -o " + tmp.file(out) + " --min-count 1").exit_code == 0);
  // Six words; both triangles, so the matrix equals its transpose.
  CHECK(scipy_npz_matches_mtx(tmp, tmp.file("X.npz"), tmp.file("X.mtx"), "a.shape == (6, 6) and (a != a.T).nnz == 0") ==
        "equal\n");
}
