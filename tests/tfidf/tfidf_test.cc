// TF-IDF against the worked examples of issue 4 and against scikit-learn
// (checked-in fixture, and live on R8 when /usr/bin/python3 has sklearn).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/documents.h"
#include "core/embeddings.h"
#include "core/error.h"
#include "core/sparse.h"
#include "support/test_util.h"
#include "tfidf/tfidf_vectorizer.h"

using namespace embkit;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kPoem = {
    "Hold fast to dreams, for if dreams die, life is a broken-winged bird that cannot fly.",
    "No bird soars too high if he soars with his own wings."};

double entry(const SparseMatrix& X, Eigen::Index row, const TfidfVectorizer& v, const std::string& term) {
  const auto& terms = v.terms();
  auto it = std::find(terms.begin(), terms.end(), term);
  REQUIRE(it != terms.end());
  return X.coeff(row, it - terms.begin());
}

std::vector<std::string> fixture_docs() {
  Documents d = read_documents(std::string(EMBKIT_SOURCE_DIR) + "/tests/tfidf/data/sklearn_fixture_docs.tsv",
                               DocumentFormat::Labeled);
  return d.texts;
}

// Compares X with a "# terms ..." + "row col value" file written by sklearn.
void check_against_fixture(const SparseMatrix& X, const TfidfVectorizer& v, const std::string& path,
                           double tolerance) {
  std::ifstream in(path);
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  std::istringstream header(line.substr(std::string("# terms ").size()));
  std::vector<std::string> terms;
  for (std::string t; header >> t;) terms.push_back(t);
  CHECK(terms == v.terms());
  Eigen::Index entries = 0;
  double worst = 0;
  for (long r, c; in >> r >> c;) {
    double value;
    in >> value;
    worst = std::max(worst, std::abs(X.coeff(r, c) - value));
    ++entries;
  }
  CHECK(entries == X.nonZeros());
  CHECK(worst <= tolerance);
}

}  // namespace

TEST_CASE("textbook preset: dreams = 2/16 * ln 2", "[tfidf]") {
  for (TokenPattern tokens : {TokenPattern::Sklearn, TokenPattern::Whitespace}) {
    TfidfOptions o;
    o.weighting = SmartWeighting::preset("textbook");
    o.counting.tokens = tokens;
    TfidfVectorizer v(o);
    SparseMatrix X = v.fit_transform(kPoem);
    CHECK(entry(X, 0, v, "dreams") == Approx(2.0 / 16.0 * std::log(2.0)).epsilon(1e-12));
    CHECK(entry(X, 0, v, "dreams") == Approx(0.0866).margin(5e-5));
    // "bird" is in both documents: idf = ln(2/2) = 0, and no explicit zero is stored.
    CHECK(entry(X, 0, v, "bird") == 0.0);
    for (int r = 0; r < X.outerSize(); ++r)
      for (SparseMatrix::InnerIterator it(X, r); it; ++it) CHECK(it.value() != 0.0);
  }
}

TEST_CASE("sklearn preset: the issue's worked example", "[tfidf]") {
  TfidfVectorizer v;
  SparseMatrix X = v.fit_transform(kPoem);
  CHECK(std::abs(entry(X, 0, v, "dreams") - 0.48489318520672503) < 1e-9);
  CHECK(std::abs(entry(X, 0, v, "bird") - 0.17250274745682542) < 1e-9);
  // Rows are unit length.
  CHECK(X.row(0).norm() == Approx(1.0).epsilon(1e-12));
  CHECK(v.idf()(0) > 0);
}

TEST_CASE("equals scikit-learn's TfidfVectorizer on the checked-in fixture", "[tfidf]") {
  const std::string dir = std::string(EMBKIT_SOURCE_DIR) + "/tests/tfidf/data/";
  const std::vector<std::string> docs = fixture_docs();
  REQUIRE(docs.size() == 27);
  SECTION("defaults") {
    TfidfVectorizer v;
    check_against_fixture(v.fit_transform(docs), v, dir + "sklearn_fixture_default.txt", 1e-12);
  }
  SECTION("sublinear tf") {
    TfidfOptions o;
    o.weighting = SmartWeighting::parse("lsc");
    TfidfVectorizer v(o);
    check_against_fixture(v.fit_transform(docs), v, dir + "sklearn_fixture_sublinear.txt", 1e-12);
  }
  SECTION("min_df, max_df, max_features") {
    TfidfOptions o;
    o.counting.min_df = 2;
    o.counting.max_df = 0.5;
    o.counting.max_features = 40;
    TfidfVectorizer v(o);
    check_against_fixture(v.fit_transform(docs), v, dir + "sklearn_fixture_pruned.txt", 1e-12);
  }
}

TEST_CASE("equals scikit-learn on R8 train and test (live)", "[tfidf][peers][data]") {
  const std::string data = std::string(EMBKIT_SHARED_DATA) + "/docs/";
  embkit::test::require_shared_data("docs/r8-train-all-terms.txt");
  embkit::test::require_shared_data("docs/r8-test-all-terms.txt");
  embkit::test::require_python_modules({"sklearn", "scipy"});
  const fs::path dir = fs::temp_directory_path() / ("embkit_tfidf_r8_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string script = (dir / "ref.py").string();
  {
    std::ofstream py(script);
    py << "import sys, scipy.io\n"
          "from sklearn.feature_extraction.text import TfidfVectorizer\n"
          "def docs(p):\n"
          "    with open(p, encoding='utf-8') as f:\n"
          "        next(f)\n"
          "        return [l.rstrip('\\n').split('\\t', 1)[1] for l in f if l.strip()]\n"
          "v = TfidfVectorizer(sublinear_tf=sys.argv[2] == 'l')\n"
          "scipy.io.mmwrite(sys.argv[1] + '/train.mtx', v.fit_transform(docs(sys.argv[3])), precision=17)\n"
          "scipy.io.mmwrite(sys.argv[1] + '/test.mtx', v.transform(docs(sys.argv[4])), precision=17)\n"
          "open(sys.argv[1] + '/terms.txt', 'w', encoding='utf-8').write('\\n'.join(v.get_feature_names_out()))\n";
  }
  const std::vector<std::string> train = read_documents(data + "r8-train-all-terms.txt").texts;
  const std::vector<std::string> test = read_documents(data + "r8-test-all-terms.txt").texts;
  for (const char* tf : {"n", "l"}) {
    const std::string cmd = "/usr/bin/python3 " + script + " " + dir.string() + " " + tf + " " + data +
                            "r8-train-all-terms.txt " + data + "r8-test-all-terms.txt";
    REQUIRE(std::system(cmd.c_str()) == 0);
    TfidfOptions o;
    o.weighting = SmartWeighting::parse(std::string(tf) + "sc");
    TfidfVectorizer v(o);
    SparseMatrix X = v.fit_transform(train);
    SparseMatrix T = v.transform(test);
    std::ifstream terms_in(dir / "terms.txt");
    std::vector<std::string> terms;
    for (std::string t; std::getline(terms_in, t);) terms.push_back(t);
    CHECK(terms == v.terms());
    SparseMatrix ref_train = read_matrix_market((dir / "train.mtx").string());
    SparseMatrix ref_test = read_matrix_market((dir / "test.mtx").string());
    REQUIRE(ref_train.rows() == X.rows());
    REQUIRE(ref_train.cols() == X.cols());
    REQUIRE(ref_test.rows() == T.rows());
    CHECK(X.nonZeros() == ref_train.nonZeros());
    CHECK(T.nonZeros() == ref_test.nonZeros());
    CHECK(SparseMatrix(X - ref_train).coeffs().cwiseAbs().maxCoeff() < 1e-6);
    CHECK(SparseMatrix(T - ref_test).coeffs().cwiseAbs().maxCoeff() < 1e-6);
  }
  fs::remove_all(dir);
}

TEST_CASE("transform of the fitted documents equals fit_transform", "[tfidf]") {
  for (const char* code : {"nsc", "ltc", "rtn", "apc", "Lun", "bnc"}) {
    TfidfOptions o;
    o.weighting = SmartWeighting::parse(code);
    TfidfVectorizer v(o);
    const std::vector<std::string> docs = fixture_docs();
    SparseMatrix X = v.fit_transform(docs);
    SparseMatrix Y = v.transform(docs);
    CHECK(SparseMatrix(X - Y).norm() < 1e-12);
    CHECK(X.rows() == 27);
  }
}

TEST_CASE("SMART letters compute their textbook formulas", "[tfidf]") {
  // Two documents: "a a a b" and "b c". N = 2; df(a) = 1, df(b) = 2, df(c) = 1.
  const std::vector<std::string> docs = {"aa aa aa bb", "bb cc"};
  auto weights = [&](const std::string& code) {
    TfidfOptions o;
    o.weighting = SmartWeighting::parse(code);
    TfidfVectorizer v(o);
    return MatrixD(v.fit_transform(docs));
  };
  const double ln2 = std::log(2.0);
  CHECK(weights("ntn")(0, 0) == Approx(3 * ln2));
  CHECK(weights("ltn")(0, 0) == Approx((1 + std::log(3.0)) * ln2));
  CHECK(weights("ann")(0, 1) == Approx(0.5 + 0.5 * 1.0 / 3.0));
  CHECK(weights("bnn")(0, 0) == 1.0);
  CHECK(weights("Lnn")(0, 0) == Approx((1 + std::log(3.0)) / (1 + std::log(2.0))));
  CHECK(weights("rnn")(0, 0) == Approx(0.75));
  CHECK(weights("nun")(0, 1) == Approx(1.0));  // ln(2/2) + 1
  CHECK(weights("npn")(0, 0) == Approx(0.0));  // max(0, ln((2-1)/1))
  MatrixD c = weights("ntc");
  CHECK(c.row(0).norm() == Approx(1.0));
  CHECK(c(0, 1) == 0.0);  // idf(b) = ln(2/2) = 0
}

TEST_CASE("SMART codes and presets are validated", "[tfidf]") {
  CHECK(SmartWeighting::parse("ltc").code() == "ltc");
  CHECK(SmartWeighting::preset("sklearn").code() == "nsc");
  CHECK(SmartWeighting::preset("textbook").code() == "rtn");
  CHECK_THROWS_AS(SmartWeighting::parse("xtc"), UsageError);
  CHECK_THROWS_AS(SmartWeighting::parse("nxc"), UsageError);
  CHECK_THROWS_AS(SmartWeighting::parse("ntx"), UsageError);
  CHECK_THROWS_AS(SmartWeighting::parse("nt"), UsageError);
  CHECK_THROWS_AS(SmartWeighting::preset("gensim"), UsageError);
  CHECK_THROWS_WITH(SmartWeighting::parse("nqc"), Catch::Contains("'q'"));
  CHECK(SmartWeighting::parse("ltc").formula().find("1 + ln(c)") != std::string::npos);
}

TEST_CASE("written matrix records the formula; the terms file is a plain TSV", "[tfidf]") {
  const fs::path dir = fs::temp_directory_path() / ("embkit_tfidf_out_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  TfidfVectorizer v;
  SparseMatrix X = v.fit_transform(kPoem);
  const std::string path = (dir / "X.mtx").string();
  write_tfidf(X, v, path);
  CHECK(terms_path(path) == (dir / "X.terms.tsv").string());
  SparseMatrix back = read_matrix_market(path);
  CHECK(SparseMatrix(back - X).norm() < 1e-12);
  // A header row, then one row per column: what pandas.read_csv(sep='\t') reads.
  std::ifstream terms(dir / "X.terms.tsv");
  std::string header, row;
  std::getline(terms, header);
  CHECK(header == "term\tdf\tidf");
  std::size_t rows = 0;
  while (std::getline(terms, row)) {
    const std::size_t t = static_cast<std::size_t>(rows++);
    REQUIRE(t < v.terms().size());
    // idf = ln((1 + N) / (1 + df)) + 1 with N = 2 (scikit-learn's smooth_idf).
    const double idf = std::log(3.0 / (1.0 + static_cast<double>(v.df()[t]))) + 1.0;
    char idf_text[32];
    std::snprintf(idf_text, sizeof idf_text, "%.17g", idf);
    CHECK(row == v.terms()[t] + "\t" + std::to_string(v.df()[t]) + "\t" + idf_text);
  }
  CHECK(rows == v.terms().size());
  std::ifstream mtx(path);
  std::string banner, comment;
  std::getline(mtx, banner);
  std::getline(mtx, comment);
  CHECK(comment.find("SMART nsc") != std::string::npos);
  CHECK(comment.find("N = 2") != std::string::npos);

  // .npz: the same matrix and the same terms file.
  const std::string npz = (dir / "Y.npz").string();
  write_tfidf(X, v, npz);
  CHECK(terms_path(npz) == (dir / "Y.terms.tsv").string());
  const SparseMatrix from_npz = read_npz(npz);
  CHECK(SparseMatrix(from_npz - X).norm() == 0.0);
  CHECK(test::read_file((dir / "Y.terms.tsv").string()) == test::read_file((dir / "X.terms.tsv").string()));
  fs::remove_all(dir);
}
