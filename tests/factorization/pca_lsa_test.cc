// PCA on a hand-checked table and LSA's fit/fold-in identities.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "factorization/lsa.h"
#include "factorization/pca.h"

using namespace embkit;

TEST_CASE("PCA of a hand-checked table", "[pca]") {
  // Centered points (±2, 0), (0, ±1) shifted by (10, 5): sample variances 8/3
  // along x and 2/3 along y, total 10/3, so the ratios are 0.8 and 0.2.
  MatrixD X(4, 2);
  X << 12, 5, 10, 6, 8, 5, 10, 4;
  for (bool exact : {true, false}) {
    PcaOptions o;
    o.components = 2;
    o.svd.exact = exact;
    PcaResult r = pca(X, o);
    CHECK(r.mean(0) == Approx(10));
    CHECK(r.mean(1) == Approx(5));
    CHECK(r.explained_variance(0) == Approx(8.0 / 3.0));
    CHECK(r.explained_variance(1) == Approx(2.0 / 3.0));
    CHECK(r.explained_variance_ratio(0) == Approx(0.8));
    CHECK(r.explained_variance_ratio(1) == Approx(0.2));
    CHECK(r.total_variance == Approx(10.0 / 3.0));
    CHECK(std::abs(r.components(0, 0)) == Approx(1.0));
    CHECK(std::abs(r.components(0, 1)) == Approx(0.0).margin(1e-12));
    CHECK(std::abs(r.components(1, 1)) == Approx(1.0));
    CHECK(std::abs(r.projection(0, 0)) == Approx(2.0));
    CHECK(std::abs(r.projection(1, 1)) == Approx(1.0));
    // transform of the fitted data reproduces the projection
    CHECK((pca_transform(r, X) - r.projection).norm() < 1e-10);
  }
}

TEST_CASE("PCA finds the directions of largest variance, largest coordinate positive", "[pca]") {
  // Points spread along (1,1,0) a lot and along (0,0,1) a little: what
  // `embkit plot` draws (the exact SVD, two components).
  MatrixD X(5, 3);
  X << -2, -2, 0.1, -1, -1, -0.1, 0, 0, 0.2, 1, 1, -0.2, 2, 2, 0;
  PcaOptions o;
  o.components = 2;
  o.svd.exact = true;
  const PcaResult r = pca(X, o);
  // PC1 coordinates are the positions along the line, |t|·√2.
  CHECK(std::abs(r.projection(0, 0)) == Approx(2 * std::sqrt(2.0)).epsilon(1e-3));
  CHECK(r.projection(0, 0) * r.projection(4, 0) < 0);
  CHECK(r.explained_variance_ratio(0) > 0.98);
  CHECK(r.explained_variance_ratio(0) + r.explained_variance_ratio(1) == Approx(1.0));
  CHECK(std::abs(r.projection(2, 1)) == Approx(0.2).epsilon(1e-3));
  // Signs are fixed: on each axis the coordinate of largest magnitude is positive.
  for (Eigen::Index axis = 0; axis < 2; ++axis) {
    Eigen::Index largest;
    r.projection.col(axis).cwiseAbs().maxCoeff(&largest);
    CHECK(r.projection(largest, axis) > 0);
  }
}

TEST_CASE("PCA rejects degenerate input", "[pca]") {
  MatrixD one(1, 3);
  one << 1, 2, 3;
  PcaOptions o;
  o.components = 1;
  CHECK_THROWS_AS(pca(one, o), InputError);
  MatrixD X = MatrixD::Random(5, 3);
  o.components = 4;
  CHECK_THROWS_AS(pca(X, o), UsageError);
  o.components = 2;
  PcaResult r = pca(X, o);
  CHECK_THROWS_AS(pca_transform(r, MatrixD::Random(2, 4)), InputError);
}

TEST_CASE("LSA documents equal the fold-in of the fitted documents", "[lsa]") {
  const std::vector<std::string> docs = {
      "the cat sat on the mat", "the dog sat on the log", "cats and dogs are pets",
      "stocks fell as markets slid", "markets rallied and stocks rose", "the pet cat chased the dog",
      "bond yields rose as stocks fell", "a dog and a cat"};
  for (double p : {0.0, 0.5, 1.0}) {
    LsaOptions o;
    o.dim = 3;
    o.sigma_power = p;
    Lsa lsa(o);
    const LsaModel& m = lsa.fit(docs);
    CHECK(m.documents.rows() == 8);
    CHECK(m.documents.cols() == 3);
    CHECK(m.terms.rows() == static_cast<Eigen::Index>(lsa.vectorizer().terms().size()));
    MatrixD folded = lsa.transform(docs);
    CHECK((folded - m.documents).norm() < 1e-9);
    // p = 1 is U Σ = X V (sklearn's fit_transform).
    if (p == 1.0) {
      MatrixD xv = sparse_times_dense(m.tfidf, m.svd.V);
      CHECK((xv - m.documents).norm() < 1e-9);
    }
  }
  LsaOptions bad;
  bad.sigma_power = 2;
  CHECK_THROWS_AS(Lsa(bad), UsageError);
}
