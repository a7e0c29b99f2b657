#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/random.h"
#include "core/vectors_io.h"
#include "eval/classify.h"
#include "eval/document_vectors.h"
#include "text/sklearn_tokenizer.h"
#include "eval_test_support.h"

using namespace embkit;
using namespace embkit::evaltest;

namespace {

Matrix rows_of(const std::vector<std::vector<float>>& rows) {
  Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j];
  return m;
}

}  // namespace

TEST_CASE("encode_labels sorts classes like np.unique", "[classify]") {
  const ClassLabels c = encode_labels({"earn", "acq", "earn", "trade"});
  REQUIRE(c.names == std::vector<std::string>{"acq", "earn", "trade"});
  REQUIRE(c.ids == std::vector<int>{1, 0, 1, 2});
  CHECK(lookup_labels(c, {"trade", "ship"}) == std::vector<int>{2, -1});
}

TEST_CASE("encode_split_labels: classes over train and test, ids for each", "[classify]") {
  const SplitLabels s = encode_split_labels({"earn", "acq", "earn"}, {"trade", "acq"});
  CHECK(s.classes.names == std::vector<std::string>{"acq", "earn", "trade"});
  CHECK(s.train == std::vector<int>{1, 0, 1});
  CHECK(s.test == std::vector<int>{2, 0});  // a class seen only in the test set has an id too
  CHECK(s.size() == 3);
  CHECK(tie_rule_name(parse_tie_rule("smallest-label")) == std::string("smallest-label"));
  CHECK(tie_rule_name(TieRule::Nearest) == std::string("nearest"));
}

TEST_CASE("mean word vectors of documents, by hand", "[classify]") {
  const Embeddings words({"profit", "Rose", "shares"}, rows_of({{1, 0}, {0, 2}, {4, 4}}));
  const LabelLookup lookup(words, 0, true);
  std::int64_t empty = -1;
  // "a" is a single character, not a token; "ROSE" matches "Rose" without case;
  // "fell" has no vector; the last document has no known word at all.
  const Matrix m = mean_word_vectors(words, lookup, {"Profit ROSE a", "profit fell profit shares", "x y zz"}, tokenize_sklearn, &empty);
  REQUIRE(m.rows() == 3);
  CHECK(m(0, 0) == Approx(0.5f));  // (profit + rose) / 2
  CHECK(m(0, 1) == Approx(1.0f));
  CHECK(m(1, 0) == Approx(2.0f));  // (2 profit + shares) / 3
  CHECK(m(1, 1) == Approx(4.0f / 3));
  CHECK(m.row(2).isZero());
  CHECK(empty == 1);
  const LabelLookup exact_case(words, 0, false);
  CHECK(mean_word_vectors(words, exact_case, {"ROSE"}, tokenize_sklearn).row(0).isZero());
}

TEST_CASE("k-NN majority vote and the two tie rules", "[classify]") {
  // Test point (1, 0). Neighbours by cosine: row 0 (class 1) nearest, then
  // row 1 (class 0), then rows 2, 3 (classes 1 and 0); row 4 is far (class 2).
  const Matrix train = rows_of({{1, 0.05f}, {1, 0.1f}, {1, 0.2f}, {1, 0.3f}, {-1, 0}});
  const std::vector<int> classes = {1, 0, 1, 0, 2};
  const Matrix test = rows_of({{1, 0}, {-1, 0.01f}});
  KnnClassifierOptions options;
  options.k = 4;  // two votes each for classes 0 and 1
  CHECK(knn_classify(train, classes, 3, test, options) == std::vector<int>{1, 0});
  options.tie_rule = TieRule::SmallestLabel;
  CHECK(knn_classify(train, classes, 3, test, options)[0] == 0);
  options.k = 3;  // class 1 wins 2:1 whatever the rule
  CHECK(knn_classify(train, classes, 3, test, options)[0] == 1);
  options.k = 1;
  CHECK(knn_classify(train, classes, 3, test, options) == std::vector<int>{1, 2});
  options.k = 50;  // more than the training rows: all of them vote
  CHECK(knn_classify(train, classes, 3, test, options)[0] == 0);
  options.k = 0;
  CHECK_THROWS_AS(knn_classify(train, classes, 3, test, options), UsageError);
}

TEST_CASE("accuracy and macro-F1 as scikit-learn computes them", "[classify]") {
  // sklearn: accuracy_score([0,0,1,1,2,-],[0,1,1,1,0,...]) with one unknown
  // truth label (-1) that is always wrong.
  const std::vector<int> truth = {0, 0, 1, 1, 2, -1};
  const std::vector<int> predicted = {0, 1, 1, 1, 0, 1};
  const ClassificationReport r = score_predictions(truth, predicted, {"a", "b", "c"});
  CHECK(r.accuracy == Approx(3.0 / 6));
  // a: P 1/2 R 1/2 F 0.5; b: P 2/4 R 1 F 2/3; c: P 0 R 0 F 0.
  CHECK(r.classes[0].f1 == Approx(0.5));
  CHECK(r.classes[1].f1 == Approx(2.0 / 3));
  CHECK(r.classes[2].f1 == 0.0);
  CHECK(r.macro_f1 == Approx((0.5 + 2.0 / 3 + 0) / 3));
  CHECK(r.classes[1].support == 2);
}

TEST_CASE("k-NN predictions equal scikit-learn's KNeighborsClassifier", "[classify][peers]") {
  test::require_python_modules({"numpy", "sklearn"});
  // Few distinct classes and small k make vote ties common, which is where the
  // smallest-label rule matters.
  Rng rng(5);
  const std::int64_t n_train = 400, n_test = 300, dim = 6;
  std::string train_text, test_text;
  Matrix x(n_train + n_test, dim);
  std::vector<int> labels;
  for (std::int64_t i = 0; i < n_train + n_test; ++i) {
    const int c = static_cast<int>(rng.below(4));
    labels.push_back(c);
    for (std::int64_t j = 0; j < dim; ++j)
      x(i, j) = static_cast<float>(rng.uniform() - 0.5 + (j == c ? 0.4 : 0.0));
  }
  std::string csv;
  for (std::int64_t i = 0; i < x.rows(); ++i) {
    csv += std::to_string(labels[i]);
    for (std::int64_t j = 0; j < dim; ++j) csv += "," + std::to_string(x(i, j));
    csv += "\n";
  }
  // Recompute x from the printed text so both sides see identical numbers.
  for (std::int64_t i = 0; i < x.rows(); ++i)
    for (std::int64_t j = 0; j < dim; ++j) x(i, j) = std::stof(std::to_string(x(i, j)));
  const std::string data = write_temp("knn.csv", csv);
  const std::string script = write_temp("knn.py",
      "import numpy as np, sys\n"
      "from sklearn.neighbors import KNeighborsClassifier\n"
      "d = np.loadtxt(sys.argv[1], delimiter=',', dtype=np.float32)\n"
      "y, X = d[:, 0].astype(int), d[:, 1:]\n"
      "m = KNeighborsClassifier(n_neighbors=4, metric='cosine', algorithm='brute')\n"
      "m.fit(X[:400], y[:400])\n"
      "print(' '.join(map(str, m.predict(X[400:]))))\n");
  const CommandResult r = run_command("/usr/bin/python3 " + script + " " + data + " 2>/dev/null");
  REQUIRE(r.exit_code == 0);
  std::vector<int> expected;
  std::istringstream in(r.out);
  for (int v; in >> v;) expected.push_back(v);
  REQUIRE(expected.size() == static_cast<std::size_t>(n_test));
  KnnClassifierOptions options;
  options.k = 4;
  options.tie_rule = TieRule::SmallestLabel;
  const std::vector<int> train_classes(labels.begin(), labels.begin() + n_train);
  const std::vector<int> predicted =
      knn_classify(x.topRows(n_train), train_classes, 4, x.bottomRows(n_test), options);
  std::int64_t agree = 0;
  for (std::int64_t i = 0; i < n_test; ++i) agree += predicted[i] == expected[i];
  CHECK(agree == n_test);
}

TEST_CASE("sparse k-NN equals dense k-NN on the same rows", "[classify]") {
  Rng rng(9);
  const std::int64_t n_train = 120, n_test = 60, dim = 30;
  Matrix train(n_train, dim), test(n_test, dim);
  std::vector<int> classes;
  // Mostly-zero rows, as TF-IDF rows are.
  for (Matrix* m : {&train, &test})
    for (Eigen::Index i = 0; i < m->rows(); ++i)
      for (Eigen::Index j = 0; j < dim; ++j)
        (*m)(i, j) = rng.uniform() < 0.2 ? static_cast<float>(rng.uniform()) : 0.0f;
  for (std::int64_t i = 0; i < n_train; ++i) classes.push_back(static_cast<int>(rng.below(3)));
  const SparseMatrix sparse_train = train.cast<double>().sparseView();
  const SparseMatrix sparse_test = test.cast<double>().sparseView();
  for (TieRule rule : {TieRule::Nearest, TieRule::SmallestLabel}) {
    KnnClassifierOptions options;
    options.k = 4;
    options.tie_rule = rule;
    CHECK(knn_classify_sparse(sparse_train, classes, 3, sparse_test, options) ==
          knn_classify(train, classes, 3, test, options));
  }
}
