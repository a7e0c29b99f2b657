// Randomized truncated SVD against an exact SVD and against the identities it
// must satisfy. The reference is Eigen's two-sided JacobiSVD: a different
// algorithm from the library's exact path (BDCSVD), so that path is checked
// independently, and a third of BDCSVD's compile time.
#include <catch2/catch.hpp>

#include <Eigen/SVD>
#include <cmath>

#include "core/error.h"
#include "core/random.h"
#include "factorization/randomized_svd.h"

using namespace embkit;

namespace {

MatrixD gaussian(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng(seed);
  MatrixD m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = rng.normal();
  return m;
}

// rows × cols of exact rank r with singular values 10, 10/2, 10/3, …
MatrixD low_rank(Eigen::Index rows, Eigen::Index cols, int r, std::uint64_t seed) {
  Eigen::HouseholderQR<Eigen::MatrixXd> qa(Eigen::MatrixXd(gaussian(rows, r, seed)));
  Eigen::HouseholderQR<Eigen::MatrixXd> qb(Eigen::MatrixXd(gaussian(cols, r, seed + 1)));
  Eigen::MatrixXd U = qa.householderQ() * Eigen::MatrixXd::Identity(rows, r);
  Eigen::MatrixXd V = qb.householderQ() * Eigen::MatrixXd::Identity(cols, r);
  Eigen::VectorXd s(r);
  for (int i = 0; i < r; ++i) s(i) = 10.0 / (i + 1);
  return MatrixD(U * s.asDiagonal() * V.transpose());
}

SparseMatrix sparse_random(Eigen::Index rows, Eigen::Index cols, double density, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Triplet> t;
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j)
      if (rng.uniform() < density) t.emplace_back(int(i), int(j), rng.uniform() + 0.1);
  SparseMatrix A(rows, cols);
  A.setFromTriplets(t.begin(), t.end());
  return A;
}

Eigen::VectorXd exact_singular_values(const MatrixD& A) {
  Eigen::JacobiSVD<Eigen::MatrixXd> svd{Eigen::MatrixXd(A)};
  return svd.singularValues();
}

double reconstruction_error(const MatrixD& A, const SvdResult& r) {
  return (A - r.U * r.S.asDiagonal() * r.V.transpose()).norm();
}

// The same seed gives the same factors with 1 or 2 threads.
void check_same_across_threads(const SparseMatrix& A, SvdOptions o) {
  o.threads = 1;
  const SvdResult one = randomized_svd(A, o);
  o.threads = 2;
  const SvdResult two = randomized_svd(A, o);
  CHECK((one.S - two.S).norm() < 1e-10);
  CHECK((one.U - two.U).norm() < 1e-8);
}

}  // namespace

TEST_CASE("parallel CSR kernels equal Eigen's serial products", "[svd]") {
  SparseMatrix A = sparse_random(57, 41, 0.2, 3);
  MatrixD X = gaussian(41, 7, 4);
  MatrixD Y = gaussian(57, 7, 5);
  MatrixD ref_ax = A * X;
  MatrixD ref_aty = A.transpose() * Y;
  for (int threads : {1, 2, 3}) {
    CHECK((sparse_times_dense(A, X, threads) - ref_ax).norm() < 1e-12);
    CHECK((sparse_transpose_times_dense(A, Y, threads) - ref_aty).norm() < 1e-12);
  }
}

TEST_CASE("randomized SVD recovers a low-rank matrix's singular values", "[svd]") {
  for (auto shape : {std::pair<int, int>{300, 120}, std::pair<int, int>{120, 300}}) {
    MatrixD A = low_rank(shape.first, shape.second, 8, 11);
    Eigen::VectorXd exact = exact_singular_values(A);
    SvdOptions o;
    o.rank = 8;
    o.oversample = 5;
    o.power_iters = 2;
    SvdResult dense = randomized_svd(A, o);
    SvdResult sparse = randomized_svd(SparseMatrix(A.sparseView()), o);
    REQUIRE(dense.S.size() == 8);
    REQUIRE(dense.U.rows() == shape.first);
    REQUIRE(dense.V.rows() == shape.second);
    for (int i = 0; i < 8; ++i) {
      CHECK(std::abs(dense.S(i) - exact(i)) / exact(i) < 1e-5);
      CHECK(std::abs(sparse.S(i) - exact(i)) / exact(i) < 1e-5);
    }
    // Rank-8 matrix, rank-8 factorization: the reconstruction is exact.
    CHECK(reconstruction_error(A, dense) < 1e-8 * A.norm());
    // Orthonormal factors.
    CHECK((dense.U.transpose() * dense.U - MatrixD::Identity(8, 8)).norm() < 1e-8);
    CHECK((dense.V.transpose() * dense.V - MatrixD::Identity(8, 8)).norm() < 1e-8);
  }
}

TEST_CASE("power iterations bring a flat spectrum closer to the exact SVD", "[svd]") {
  // A random sparse matrix has one dominant singular value and a nearly flat
  // tail, the hard case for a randomized sketch (HMT 2011, section 4.5).
  SparseMatrix A = sparse_random(400, 250, 0.05, 21);
  Eigen::VectorXd exact = exact_singular_values(MatrixD(A));
  auto total_error = [&](int power_iters) {
    SvdOptions o;
    o.rank = 5;
    o.power_iters = power_iters;
    SvdResult r = randomized_svd(A, o);
    double sum = 0;
    for (int i = 0; i < 5; ++i) {
      // Ritz values never exceed the true singular values.
      CHECK(r.S(i) <= exact(i) * (1 + 1e-10));
      if (i > 0) CHECK(r.S(i) <= r.S(i - 1));
      sum += (exact(i) - r.S(i)) / exact(i);
    }
    if (power_iters >= 8) CHECK(std::abs(r.S(0) - exact(0)) / exact(0) < 1e-6);
    return sum;
  };
  const double rough = total_error(0);
  const double refined = total_error(8);
  CHECK(refined < rough);
  CHECK(refined < 0.05);
}

TEST_CASE("block Krylov SVD recovers low-rank matrices, including a rank below k", "[svd][krylov]") {
  for (auto shape : {std::pair<int, int>{300, 120}, std::pair<int, int>{120, 300}}) {
    // Rank 8 with k = 12: four directions do not exist, so the Krylov blocks
    // run out of new directions and must be refilled at random without
    // breaking orthonormality; the four extra singular values come out ~0.
    MatrixD A = low_rank(shape.first, shape.second, 8, 13);
    Eigen::VectorXd exact = exact_singular_values(A);
    SvdOptions o;
    o.solver = SvdSolver::BlockKrylov;
    o.rank = 12;
    o.oversample = 3;
    o.power_iters = 3;
    for (const SvdResult& r : {randomized_svd(A, o), randomized_svd(SparseMatrix(A.sparseView()), o)}) {
      REQUIRE(r.S.size() == 12);
      REQUIRE(r.U.rows() == shape.first);
      REQUIRE(r.V.rows() == shape.second);
      for (int i = 0; i < 8; ++i) CHECK(std::abs(r.S(i) - exact(i)) / exact(i) < 1e-5);
      for (int i = 8; i < 12; ++i) CHECK(r.S(i) < 1e-6);
      CHECK(reconstruction_error(A, r) < 1e-8 * A.norm());
      // On the long side a direction with σ = 0 has no partner (Aᵀu/σ): those
      // columns are zero by contract, so orthonormality is checked on the 8.
      CHECK((r.U.leftCols(8).transpose() * r.U.leftCols(8) - MatrixD::Identity(8, 8)).norm() < 1e-8);
      CHECK((r.V.leftCols(8).transpose() * r.V.leftCols(8) - MatrixD::Identity(8, 8)).norm() < 1e-8);
    }
  }
}

TEST_CASE("block Krylov beats subspace iteration on a flat spectrum at equal passes", "[svd][krylov]") {
  // The case in miniature: the tail of a slowly decaying spectrum.
  SparseMatrix A = sparse_random(600, 400, 0.05, 23);
  Eigen::VectorXd exact = exact_singular_values(MatrixD(A));
  auto worst_error = [&](SvdSolver solver) {
    SvdOptions o;
    o.solver = solver;
    o.rank = 20;
    o.oversample = 5;
    o.power_iters = 6;  // 7 round trips through A; the tail errors are 2.9e-2 and 4.6e-4
    SvdResult r = randomized_svd(A, o);
    double worst = 0;
    for (int i = 0; i < 20; ++i) {
      CHECK(r.S(i) <= exact(i) * (1 + 1e-10));  // Ritz values from below
      worst = std::max(worst, (exact(i) - r.S(i)) / exact(i));
    }
    check_same_across_threads(A, o);
    return worst;
  };
  const double subspace = worst_error(SvdSolver::Subspace);
  const double krylov = worst_error(SvdSolver::BlockKrylov);
  INFO("subspace " << subspace << ", krylov " << krylov);
  CHECK(krylov < subspace / 10);
  CHECK(parse_svd_solver("krylov") == SvdSolver::BlockKrylov);
  CHECK_THROWS_AS(parse_svd_solver("lanczos"), UsageError);
}

TEST_CASE("exact path equals JacobiSVD and signs are deterministic", "[svd]") {
  MatrixD A = gaussian(30, 20, 7);
  SvdOptions o;
  o.rank = 6;
  o.exact = true;
  SvdResult r = randomized_svd(A, o);
  Eigen::VectorXd exact = exact_singular_values(A);
  for (int i = 0; i < 6; ++i) CHECK(r.S(i) == Approx(exact(i)).epsilon(1e-12));
  for (Eigen::Index j = 0; j < r.U.cols(); ++j) {
    Eigen::Index best = 0;
    r.U.col(j).cwiseAbs().maxCoeff(&best);
    CHECK(r.U(best, j) > 0);
  }
  // -A has the same singular values; sign fixing makes U identical and flips V.
  SvdResult neg = randomized_svd(MatrixD(-A), o);
  CHECK((neg.U - r.U).norm() < 1e-10);
  CHECK((neg.V + r.V).norm() < 1e-10);
}

TEST_CASE("randomized SVD is reproducible across thread counts", "[svd]") {
  SparseMatrix A = sparse_random(500, 300, 0.03, 5);
  SvdOptions o;
  o.rank = 10;
  check_same_across_threads(A, o);
}

TEST_CASE("reconstruction error falls as k grows", "[svd]") {
  SparseMatrix A = sparse_random(200, 150, 0.1, 9);
  MatrixD dense(A);
  double previous = dense.norm() + 1;
  for (int k : {1, 5, 20, 60}) {
    SvdOptions o;
    o.rank = k;
    o.power_iters = 6;
    double err = reconstruction_error(dense, randomized_svd(A, o));
    CHECK(err < previous);
    previous = err;
  }
}

TEST_CASE("fit then transform equals fit_transform", "[svd]") {
  // Projecting A onto V (transform) reproduces U·Σ (fit_transform).
  SparseMatrix A = sparse_random(300, 200, 0.05, 13);
  SvdOptions o;
  o.rank = 10;
  SvdResult r = randomized_svd(A, o);
  MatrixD transformed = sparse_times_dense(A, r.V);
  MatrixD fitted = r.U * r.S.asDiagonal();
  CHECK((transformed - fitted).norm() < 1e-8 * fitted.norm());
}

TEST_CASE("SVD rejects bad options and empty input", "[svd]") {
  SvdOptions o;
  o.rank = 0;
  CHECK_THROWS_AS(randomized_svd(gaussian(5, 5, 1), o), UsageError);
  o.rank = 2;
  CHECK_THROWS_AS(randomized_svd(MatrixD(0, 4), o), InputError);
  o.power_iters = -1;
  CHECK_THROWS_AS(randomized_svd(gaussian(50, 50, 1), o), UsageError);
}
