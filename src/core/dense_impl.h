// The dense kernels of core/dense.h, compiled once per instruction set: each of
// dense_baseline.cc, dense_avx2.cc and dense_avx512.cc defines
// EMBKIT_DENSE_NS (the namespace of its copy) and includes this file; the AVX
// ones are compiled with -DEigen=EigenAvx2 / EigenAvx512 and the instruction
// set's flags (CMakeLists.txt). Include nothing here but Eigen, the standard
// library's C headers and core/dense.h: an inline function of another embkit
// header compiled here would be an AVX copy under the baseline's name.
//
// The kernels are the expressions the callers used before they were moved here
// (randomized_svd.cc, als.cc, analogy.cc), on Eigen::Map views of raw pointers:
// the baseline copy computes bit for bit what the callers computed.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/dense.h"

#ifndef EMBKIT_DENSE_NS
#error "define EMBKIT_DENSE_NS before including core/dense_impl.h"
#endif

namespace embkit {
namespace EMBKIT_DENSE_NS {
namespace {

using Eigen::Dynamic;
using Eigen::Index;
using Eigen::OuterStride;
using ColMatrix = Eigen::MatrixXd;
template <typename T>
using RowMatrix = Eigen::Matrix<T, Dynamic, Dynamic, Eigen::RowMajor>;
template <typename T>
using ConstView = Eigen::Map<const RowMatrix<T>, 0, OuterStride<>>;
template <typename T>
using View = Eigen::Map<RowMatrix<T>, 0, OuterStride<>>;

// A renamed copy of Eigen keeps its own thread count (a static inside
// Eigen::nbThreads): give it the caller's before a product. Inside a parallel
// region Eigen never starts a team of its own, and the count is shared state,
// so it is set only outside one. The baseline copy is the caller's own Eigen.
void use_threads(int threads) {
#if EMBKIT_DENSE_OWN_EIGEN && defined(_OPENMP)
  if (threads > 0 && !omp_in_parallel() && Eigen::nbThreads() != threads) Eigen::setNbThreads(threads);
#else
  (void)threads;
#endif
}

template <typename T, typename Lhs, typename Rhs>
void product(const Lhs& lhs, const Rhs& rhs, T alpha, T beta, View<T>& c) {
  if (beta == T(0)) {
    if (alpha == T(1)) c.noalias() = lhs * rhs;
    else c.noalias() = alpha * lhs * rhs;
    return;
  }
  if (beta != T(1)) c *= beta;
  c.noalias() += alpha * lhs * rhs;
}

template <typename T>
void gemm(dense::Trans ta, dense::Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc, int threads) {
  use_threads(threads);
  const bool at = ta == dense::Trans::Yes, bt = tb == dense::Trans::Yes;
  const ConstView<T> A(a, at ? k : m, at ? m : k, OuterStride<>(lda));
  const ConstView<T> B(b, bt ? n : k, bt ? k : n, OuterStride<>(ldb));
  View<T> C(c, m, n, OuterStride<>(ldc));
  if (!at && !bt) product(A, B, alpha, beta, C);
  else if (!at) product(A, B.transpose(), alpha, beta, C);
  else if (!bt) product(A.transpose(), B, alpha, beta, C);
  else product(A.transpose(), B.transpose(), alpha, beta, C);
}

void gemm_d(dense::Trans ta, dense::Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, double alpha,
            const double* a, std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c,
            std::int64_t ldc, int threads) {
  gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
}

void gemm_f(dense::Trans ta, dense::Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
            const float* a, std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c,
            std::int64_t ldc, int threads) {
  gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
}

void orthonormalize(std::int64_t rows, std::int64_t cols, double* y, int threads) {
  use_threads(threads);
  Eigen::Map<RowMatrix<double>> Y(y, rows, cols);
  ColMatrix Yc = Y;
  Eigen::HouseholderQR<ColMatrix> qr(Yc);
  Y = qr.householderQ() * ColMatrix::Identity(rows, cols);
}

// Block classical Gram–Schmidt twice ("twice is enough", Giraud et al. 2005),
// then column by column; see randomized_svd.cc's block Krylov iteration.
void orthonormalize_against(std::int64_t rows, std::int64_t cols, const double* q, std::int64_t ldq,
                            std::int64_t used, double* block, dense::NormalSource normal, int threads) {
  use_threads(threads);
  Eigen::Map<RowMatrix<double>> out(block, rows, cols);
  ColMatrix Y = out;
  const Eigen::VectorXd original = Y.colwise().norm().transpose();
  const ConstView<double> previous(q, rows, used, OuterStride<>(ldq));
  auto project_out_previous = [&](auto&& v) {
    if (used == 0) return;
    for (int pass = 0; pass < 2; ++pass) v -= previous * (previous.transpose() * v).eval();
  };
  project_out_previous(Y);
  for (Index j = 0; j < cols; ++j) {
    auto v = Y.col(j);
    const auto earlier = Y.leftCols(j);
    for (int pass = 0; pass < 2 && j > 0; ++pass) v -= earlier * (earlier.transpose() * v).eval();
    double norm = v.norm();
    // What survives below 1e-10 of the column's size is rounding, not a direction.
    if (!(norm > 1e-10 * original(j))) {
      for (Index i = 0; i < rows; ++i) v(i) = normal.draw(normal.state);
      project_out_previous(v);
      for (int pass = 0; pass < 2 && j > 0; ++pass) v -= earlier * (earlier.transpose() * v).eval();
      norm = v.norm();
    }
    v /= norm;
  }
  out = Y;
}

bool symmetric_eigen(std::int64_t n, const double* g, double* values, double* vectors, int threads) {
  use_threads(threads);
  Eigen::SelfAdjointEigenSolver<ColMatrix> eig(Eigen::Map<const ColMatrix>(g, n, n));
  if (eig.info() != Eigen::Success) return false;
  Eigen::Map<Eigen::VectorXd>(values, n) = eig.eigenvalues();
  // Row-major vectors[i·n + j] = component i of eigenvector j.
  Eigen::Map<RowMatrix<double>>(vectors, n, n) = eig.eigenvectors();
  return true;
}

// One worker's rows of an implicit-ALS sweep (factorization/als.cc, eq. 4).
class AlsRowSolver {
  using MatD = Eigen::MatrixXd;
  using VecD = Eigen::VectorXd;
  // Observation k of the row: c = 1 + α r, α r, and y_i.
  double confidence(std::int64_t k) const { return 1.0 + job_.alpha * job_.values[k]; }
  double extra(std::int64_t k) const { return job_.alpha * job_.values[k]; }
  auto y(std::int64_t k) const {
    return Eigen::Map<const Eigen::RowVectorXf>(job_.fixed + static_cast<std::int64_t>(job_.columns[k]) * job_.dim,
                                                job_.dim)
        .cast<double>();
  }

 public:
  explicit AlsRowSolver(const dense::ImplicitAlsRows& job)
      : job_(job), gram_(job.gram, job.dim, job.dim), a_(job.dim, job.dim), b_(job.dim), x_(job.dim),
        r_(job.dim), p_(job.dim), ap_(job.dim), ldlt_(job.dim) {}

  void solve_row(std::int64_t row) {
    Eigen::Map<Eigen::RowVectorXf> solve(job_.solve + row * job_.dim, job_.dim);
    begin_ = job_.offsets[row];
    end_ = job_.offsets[row + 1];
    if (begin_ == end_) {  // no observations: the minimizer of eq. 3 is 0
      solve.setZero();
      return;
    }
    b_.setZero();
    for (std::int64_t k = begin_; k < end_; ++k) b_ += confidence(k) * y(k).transpose();
    if (job_.conjugate_gradient) {
      x_ = solve.cast<double>().transpose();  // warm start
      conjugate_gradient();
    } else {
      ldlt();
    }
    solve = x_.cast<float>().transpose();
  }

 private:
  // A formed explicitly (symmetric positive definite), then factored.
  void ldlt() {
    a_ = gram_;
    a_.diagonal().array() += job_.reg;
    for (std::int64_t k = begin_; k < end_; ++k)
      a_.selfadjointView<Eigen::Lower>().rankUpdate(y(k).transpose(), extra(k));
    ldlt_.compute(a_);  // LDLT reads the lower triangle only
    x_ = ldlt_.solve(b_);
  }

  // out = A v without forming A: YᵀY v + λ v + Σ α r y_i (y_i · v).
  void multiply(const VecD& v, VecD& out) const {
    out.noalias() = gram_ * v;
    out += job_.reg * v;
    for (std::int64_t k = begin_; k < end_; ++k) {
      const auto yk = y(k);
      out += (extra(k) * yk.dot(v)) * yk.transpose();
    }
  }

  // At most cg_steps steps of conjugate gradient from x_.
  void conjugate_gradient() {
    multiply(x_, ap_);
    r_ = b_ - ap_;
    p_ = r_;
    double rs = r_.squaredNorm();
    for (int step = 0; step < job_.cg_steps && rs > 1e-20; ++step) {
      multiply(p_, ap_);
      const double step_size = rs / p_.dot(ap_);
      x_ += step_size * p_;
      r_ -= step_size * ap_;
      const double rs_new = r_.squaredNorm();
      p_ = r_ + (rs_new / rs) * p_;
      rs = rs_new;
    }
  }

  const dense::ImplicitAlsRows& job_;
  Eigen::Map<const MatD> gram_;
  MatD a_;
  VecD b_, x_, r_, p_, ap_;
  Eigen::LDLT<MatD> ldlt_;
  std::int64_t begin_ = 0, end_ = 0;
};

void implicit_als_rows(const dense::ImplicitAlsRows& job, std::int64_t begin, std::int64_t end) {
  AlsRowSolver solver(job);
  for (std::int64_t row = begin; row < end; ++row) solver.solve_row(row);
}

// One pass the compiler vectorises at the copy's width (the division is most
// of its cost); no aliasing assumed, so out may be one of the inputs.
void cosmul_scores(std::int64_t n, const float* cos_a, const float* cos_b, const float* cos_c, float epsilon,
                   float* out) {
  for (std::int64_t x = 0; x < n; ++x)
    out[x] = (1 + cos_b[x]) * 0.5f * ((1 + cos_c[x]) * 0.5f) / ((1 + cos_a[x]) * 0.5f + epsilon);
}

}  // namespace

const dense::Kernels* kernels() {
  static const dense::Kernels table{gemm_d,          gemm_f,           orthonormalize, orthonormalize_against,
                                    symmetric_eigen, implicit_als_rows, cosmul_scores};
  return &table;
}

}  // namespace EMBKIT_DENSE_NS
}  // namespace embkit
