// The svd, pca and lsa commands: outputs and every rejected input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/documents.h"
#include "core/error.h"
#include "core/npy.h"
#include "core/sparse.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "lsa_command.h"
#include "pca_command.h"
#include "support/test_util.h"
#include "svd_command.h"
#include "tfidf/tfidf_vectorizer.h"

using namespace embkit;
using embkit::test::kLabeledDocs;
using embkit::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("svd command factors a Matrix Market file", "[cli][svd]") {
  TempDir dir;
  std::vector<Triplet> t = {{0, 0, 3}, {1, 1, 2}, {2, 2, 1}, {0, 2, 0.5}};
  SparseMatrix A(3, 4);
  A.setFromTriplets(t.begin(), t.end());
  write_matrix_market(A, dir.file("A.mtx"));
  auto o = cli::svd::parse({"--input", dir.file("A.mtx"), "--dim", "2", "--output", dir.file("U.npy"),
                            "--output-v", dir.file("V.npy"), "--output-s", dir.file("S.txt"), "-q"});
  REQUIRE(cli::svd::run(o) == 0);
  Matrix U = read_npy(dir.file("U.npy"));
  Matrix V = read_npy(dir.file("V.npy"));
  CHECK(U.rows() == 3);
  CHECK(U.cols() == 2);
  CHECK(V.rows() == 4);
  std::ifstream s(dir.file("S.txt"));
  double s0 = 0, s1 = 0;
  s >> s0 >> s1;
  CHECK(s0 >= s1);
  CHECK(s0 > 3.0);
  CHECK_THROWS_AS(cli::svd::parse({"--input", dir.file("A.mtx"), "--dim", "0", "--output", "U.npy"}), UsageError);
  // Only the singular values: no U file is needed, but some output is.
  auto values_only = cli::svd::parse({"--input", dir.file("A.mtx"), "--dim", "2", "--output-s", dir.file("S2.txt"), "-q"});
  REQUIRE(cli::svd::run(values_only) == 0);
  CHECK(fs::exists(dir.file("S2.txt")));
  CHECK_THROWS_AS(cli::svd::parse({"--input", dir.file("A.mtx"), "--dim", "2"}), UsageError);
  auto bad = cli::svd::parse({"--input", dir.write("bad.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n"),
                              "--output", dir.file("U2.npy"), "-q"});
  CHECK_THROWS_AS(cli::svd::run(bad), InputError);
  CHECK_FALSE(fs::exists(dir.file("U2.npy")));
}

TEST_CASE("pca command reads CSV and rejects malformed rows", "[cli][pca]") {
  TempDir dir;
  const std::string csv = dir.write("data.csv", "x,y\n12,5\n10,6\n8,5\n10,4\n");
  auto table = cli::pca::read_numeric_csv(csv);
  CHECK(table.header == std::vector<std::string>{"x", "y"});
  CHECK(table.values.rows() == 4);
  auto o = cli::pca::parse({"--input", csv, "--dim", "2", "--output", dir.file("p.csv"), "-q", "--json"});
  REQUIRE(cli::pca::run(o) == 0);
  auto projected = cli::pca::read_numeric_csv(dir.file("p.csv"));
  CHECK(std::abs(projected.values(0, 0)) == Approx(2.0));
  auto ragged = cli::pca::parse({"--input", dir.write("r.csv", "1,2\n3,4,5\n"), "-q"});
  CHECK_THROWS_WITH(cli::pca::run(ragged), Catch::Contains("r.csv:2"));
  auto word = cli::pca::parse({"--input", dir.write("w.csv", "1,2\n3,abc\n"), "-q"});
  CHECK_THROWS_WITH(cli::pca::run(word), Catch::Contains("abc"));
  auto nan = cli::pca::parse({"--input", dir.write("n.csv", "1,2\n3,nan\n"), "-q"});
  CHECK_THROWS_AS(cli::pca::run(nan), InputError);
  CHECK_THROWS_AS(cli::pca::parse({"--input", csv, "--dim", "0"}), UsageError);
  CHECK_THROWS_AS(cli::pca::parse({"--input", csv, "--delimiter", ";;"}), UsageError);
  auto too_many = cli::pca::parse({"--input", csv, "--dim", "3", "-q"});
  CHECK_THROWS_AS(cli::pca::run(too_many), UsageError);
}

TEST_CASE("lsa command writes document and term vectors", "[cli][lsa]") {
  TempDir dir;
  const std::string docs = dir.write("docs.tsv", kLabeledDocs);
  auto o = cli::lsa::parse({"--input", docs, "--dim", "2", "--output-docs", dir.file("D.vec"), "--output-terms",
                            dir.file("T.vec"), "--sigma-power", "0.5", "-q"});
  REQUIRE(cli::lsa::run(o) == 0);
  Embeddings d = read_vectors(dir.file("D.vec"));
  Embeddings t = read_vectors(dir.file("T.vec"));
  CHECK(d.rows() == 5);
  CHECK(d.dim() == 2);
  CHECK(t.find("profit") >= 0);
  // Term rows come most-documents-first (ties by bytes), as word2vec files do,
  // unless --terms-order columns keeps the TF-IDF matrix's alphabetical order.
  TfidfVectorizer counted;
  counted.fit_transform(read_documents(docs, DocumentFormat::Labeled).texts);
  for (std::int64_t r = 1; r < t.rows(); ++r) {
    const auto df = [&](std::int64_t row) {
      const auto& terms = counted.terms();
      return counted.df()[static_cast<std::size_t>(std::find(terms.begin(), terms.end(), t.labels[row]) - terms.begin())];
    };
    INFO(t.labels[r - 1] << " before " << t.labels[r]);
    CHECK((df(r - 1) > df(r) || (df(r - 1) == df(r) && t.labels[r - 1] < t.labels[r])));
  }
  CHECK(counted.df()[static_cast<std::size_t>(
            std::find(counted.terms().begin(), counted.terms().end(), t.labels[0]) - counted.terms().begin())] > 1);
  auto columns = cli::lsa::parse({"--input", docs, "--dim", "2", "--output-terms", dir.file("C.vec"),
                                  "--terms-order", "columns", "-q"});
  REQUIRE(cli::lsa::run(columns) == 0);
  CHECK(read_vectors(dir.file("C.vec")).labels == counted.terms());
  CHECK_THROWS_AS(cli::lsa::parse({"--input", docs, "--json", "--terms-order", "random"}), UsageError);
  // --doc-words: five short documents become one piece per two words.
  auto pieces = cli::lsa::parse({"--input", docs, "--dim", "2", "--output-docs", dir.file("P.vec"), "--doc-words",
                                 "2", "-q"});
  REQUIRE(cli::lsa::run(pieces) == 0);
  std::int64_t expected_pieces = 0;
  for (const std::string& text : read_documents(docs, DocumentFormat::Labeled).texts) {
    std::vector<std::string_view> words;
    split_whitespace(text, words);
    expected_pieces += (static_cast<std::int64_t>(words.size()) + 1) / 2;
  }
  CHECK(read_vectors(dir.file("P.vec")).rows() == expected_pieces);
  CHECK_THROWS_AS(cli::lsa::parse({"--input", docs, "--json", "--doc-words", "-1"}), UsageError);
  CHECK_THROWS_AS(cli::lsa::parse({"--input", docs, "--dim", "2"}), UsageError);  // no output
  CHECK_THROWS_AS(cli::lsa::parse({"--input", docs, "--json", "--sigma-power", "2"}), UsageError);
  CHECK_THROWS_AS(cli::lsa::parse({"--input", docs, "--json", "--dim", "-1"}), UsageError);
}

