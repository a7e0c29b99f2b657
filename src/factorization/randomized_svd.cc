#include "factorization/randomized_svd.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "core/dense.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/signals.h"
#include "core/simd.h"

namespace embkit {
namespace {

using Clock = std::chrono::steady_clock;
using ColMatrix = Eigen::MatrixXd;
using dense::Trans;

// ZᵀZ of a long-side block on the dispatched kernels (defined with the other
// dense products below).
ColMatrix gram_matrix(const MatrixD& Z);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The inner loops of the two sparse × dense products, one CSR row at a time
// (l = the block's width, k + oversampling): compiled for each instruction set
// (core/simd.h), chosen once per product.
//   gather:  y += Σ_p values[p] · x_{inner[p]}     (row of A X)
//   scatter: y_{inner[p]} += values[p] · x for each p (row's share of Tᵀ X)
inline void gather_row(const double* values, const int* inner, int count, const double* x, Eigen::Index l,
                       double* y) {
  for (int p = 0; p < count; ++p) {
    const double a = values[p];
    const double* xj = x + static_cast<Eigen::Index>(inner[p]) * l;
    for (Eigen::Index c = 0; c < l; ++c) y[c] += a * xj[c];
  }
}
inline void scatter_row(const double* values, const int* inner, int count, const double* x, Eigen::Index l,
                        double* y) {
  for (int p = 0; p < count; ++p) {
    const double a = values[p];
    double* yi = y + static_cast<Eigen::Index>(inner[p]) * l;
    for (Eigen::Index c = 0; c < l; ++c) yi[c] += a * x[c];
  }
}
using RowKernel = void (*)(const double*, const int*, int, const double*, Eigen::Index, double*);
#if EMBKIT_SIMD_X86
EMBKIT_TARGET_AVX512 EMBKIT_FLATTEN void gather_row_avx512(const double* v, const int* i, int n, const double* x,
                                                          Eigen::Index l, double* y) {
  gather_row(v, i, n, x, l, y);
}
EMBKIT_TARGET_AVX2 EMBKIT_FLATTEN void gather_row_avx2(const double* v, const int* i, int n, const double* x,
                                                      Eigen::Index l, double* y) {
  gather_row(v, i, n, x, l, y);
}
EMBKIT_TARGET_AVX512 EMBKIT_FLATTEN void scatter_row_avx512(const double* v, const int* i, int n, const double* x,
                                                           Eigen::Index l, double* y) {
  scatter_row(v, i, n, x, l, y);
}
EMBKIT_TARGET_AVX2 EMBKIT_FLATTEN void scatter_row_avx2(const double* v, const int* i, int n, const double* x,
                                                       Eigen::Index l, double* y) {
  scatter_row(v, i, n, x, l, y);
}
#endif
RowKernel gather_kernel() {
#if EMBKIT_SIMD_X86
  if (simd_level() == SimdLevel::Avx512) return gather_row_avx512;
  if (simd_level() == SimdLevel::Avx2) return gather_row_avx2;
#endif
  return gather_row;
}
RowKernel scatter_kernel() {
#if EMBKIT_SIMD_X86
  if (simd_level() == SimdLevel::Avx512) return scatter_row_avx512;
  if (simd_level() == SimdLevel::Avx2) return scatter_row_avx2;
#endif
  return scatter_row;
}

// Rows [begin, end) of the n × l standard normal matrix Ω, generated in blocks
// of rows each seeded from (seed, block): the same matrix whatever the thread
// count, and the same rows whichever rank of an MPI job draws them.
MatrixD gaussian_matrix(Eigen::Index begin, Eigen::Index end, Eigen::Index l, std::uint64_t seed, int threads) {
  MatrixD omega(end - begin, l);
  constexpr Eigen::Index kBlock = 4096;
  const Eigen::Index first = begin / kBlock, blocks = (end + kBlock - 1) / kBlock;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (Eigen::Index b = first; b < blocks; ++b) {
    Rng rng(derive_seed(seed, 0x5fd, static_cast<std::uint64_t>(b)));
    const Eigen::Index from = std::max(begin, b * kBlock), to = std::min(end, (b + 1) * kBlock);
    for (Eigen::Index skip = (from - b * kBlock) * l; skip > 0; --skip) rng.normal();  // rows of earlier ranks
    for (Eigen::Index i = from; i < to; ++i)
      for (Eigen::Index c = 0; c < l; ++c) omega(i - begin, c) = rng.normal();
  }
  return omega;
}

// Y = A X for CSR A (rows × cols) and row-major X (cols × l). Each output row
// is a sum of rows of X weighted by A's row, so rows are independent: parallel
// over rows with dynamic scheduling (row lengths vary wildly in text data).
void csr_times_dense(const SparseMatrix& A, const MatrixD& X, MatrixD& Y, int threads) {
  const Eigen::Index rows = A.rows();
  const Eigen::Index l = X.cols();
  Y.resize(rows, l);
  const int* outer = A.outerIndexPtr();
  const int* inner = A.innerIndexPtr();
  const double* values = A.valuePtr();
  const int* nnz = A.isCompressed() ? nullptr : A.innerNonZeroPtr();
  const double* x = X.data();
  double* y = Y.data();
  const RowKernel kernel = gather_kernel();
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (Eigen::Index i = 0; i < rows; ++i) {
    double* yi = y + i * l;
    std::fill(yi, yi + l, 0.0);
    const int begin = outer[i];
    const int end = nnz ? begin + nnz[i] : outer[i + 1];
    kernel(values + begin, inner + begin, end - begin, x, l, yi);
  }
}

// Y = Tᵀ X for CSR T (rows × cols) and row-major X (rows × l), i.e. the
// product with the transpose without forming it: T is streamed row by row and
// every non-zero scatters a row of X into Y. Each thread accumulates into its
// own Y (static schedule, so the result depends only on the thread count) and
// the copies are summed at the end.
void csr_transpose_times_dense(const SparseMatrix& T, const MatrixD& X, MatrixD& Y, int threads) {
  const Eigen::Index rows = T.rows();
  const Eigen::Index cols = T.cols();
  const Eigen::Index l = X.cols();
  const int* outer = T.outerIndexPtr();
  const int* inner = T.innerIndexPtr();
  const double* values = T.valuePtr();
  const int* nnz = T.isCompressed() ? nullptr : T.innerNonZeroPtr();
  const RowKernel kernel = scatter_kernel();
  threads = static_cast<int>(std::max<Eigen::Index>(1, std::min<Eigen::Index>(threads, rows / 64 + 1)));
  std::vector<MatrixD> partial(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int team = omp_get_num_threads();
    MatrixD& acc = partial[static_cast<std::size_t>(t)];
    acc.setZero(cols, l);
    double* y = acc.data();
    const double* x = X.data();
    const Eigen::Index begin_row = rows * t / team, end_row = rows * (t + 1) / team;
    for (Eigen::Index r = begin_row; r < end_row; ++r) {
      const int begin = outer[r];
      const int end = nnz ? begin + nnz[r] : outer[r + 1];
      kernel(values + begin, inner + begin, end - begin, x + r * l, l, y);
    }
  }
  Y = std::move(partial[0]);
  for (std::size_t t = 1; t < partial.size(); ++t) Y += partial[t];
}

// The two products the range finder needs, for a sparse operator with
// rows() ≤ cols(). Both are driven by T = Opᵀ in CSR (one row per long-side
// index), so the large long-side block (n × l) is always read or written
// sequentially and only the short-side block (m × l, small enough for the
// cache) is accessed at random:
//   transpose_times: Z = Opᵀ Q = T Q     (gather rows of Q)
//   times:           Y = Op Z  = Tᵀ Z    (scatter rows of Z)
// Besides the products, each operator draws the long-side test matrix Ω
// (gaussian) and forms the Gram matrix ZᵀZ of a long-side block (gram).
class SparseOperator {
 public:
  SparseOperator(const SparseMatrix& T, int threads) : T_(T), threads_(threads) {}
  Eigen::Index rows() const { return T_.cols(); }
  Eigen::Index cols() const { return T_.rows(); }
  void times(const MatrixD& X, MatrixD& Y) const { csr_transpose_times_dense(T_, X, Y, threads_); }
  void transpose_times(const MatrixD& X, MatrixD& Y) const { csr_times_dense(T_, X, Y, threads_); }
  MatrixD gaussian(Eigen::Index l, std::uint64_t seed) const { return gaussian_matrix(0, cols(), l, seed, threads_); }
  ColMatrix gram(const MatrixD& Z) const { return gram_matrix(Z); }

 private:
  const SparseMatrix& T_;
  int threads_;
};

// SparseOperator split across the ranks of an MPI job (core/distributed.h):
// rank r holds the block [begin_r, end_r) of T's rows, i.e. of the long side,
// and every long-side block (Ω, Z = AᵀQ, V) only in those rows; the short
// side (Q, Y, the m × l blocks that are orthonormalised) is whole on every
// rank. Then
//   transpose_times: Z_r = T_r Q           local, no communication;
//   times:           Y = Σ_r T_rᵀ Z_r      one Allreduce of m × l doubles;
//   gram:            ZᵀZ = Σ_r Z_rᵀ Z_r    one Allreduce of l × l;
// so each pass through A sends m·l·8 bytes per rank, whatever the long side's
// length (Halko, Martinsson & Tropp 2011, §6: the range finder needs only
// products with A and Aᵀ, which distribute by blocks). The short-side work —
// Householder QR, the Rayleigh–Ritz eigenproblem — is repeated on every rank
// from identical data, so every rank follows the same iteration.
class DistributedSparseOperator {
 public:
  DistributedSparseOperator(const SparseMatrix& T, int threads)
      : range_(distributed::my_range(static_cast<std::size_t>(T.rows()))),
        T_(T.middleRows(static_cast<Eigen::Index>(range_.begin), static_cast<Eigen::Index>(range_.end - range_.begin))),
        threads_(threads) {}
  Eigen::Index rows() const { return T_.cols(); }
  Eigen::Index cols() const { return T_.rows(); }
  void times(const MatrixD& X, MatrixD& Y) const {
    csr_transpose_times_dense(T_, X, Y, threads_);
    distributed::allreduce_sum(Y.data(), static_cast<std::size_t>(Y.size()));
  }
  void transpose_times(const MatrixD& X, MatrixD& Y) const { csr_times_dense(T_, X, Y, threads_); }
  // This rank's rows of the Ω one process draws.
  MatrixD gaussian(Eigen::Index l, std::uint64_t seed) const {
    return gaussian_matrix(static_cast<Eigen::Index>(range_.begin), static_cast<Eigen::Index>(range_.end), l, seed,
                           threads_);
  }
  ColMatrix gram(const MatrixD& Z) const {
    ColMatrix g = gram_matrix(Z);
    distributed::allreduce_sum(g.data(), static_cast<std::size_t>(g.size()));
    return g;
  }

 private:
  distributed::Range range_;
  SparseMatrix T_;
  int threads_;
};

class DenseOperator {
 public:
  DenseOperator(const MatrixD& A, bool transposed) : A_(A), transposed_(transposed) {}
  Eigen::Index rows() const { return transposed_ ? A_.cols() : A_.rows(); }
  Eigen::Index cols() const { return transposed_ ? A_.rows() : A_.cols(); }
  void times(const MatrixD& X, MatrixD& Y) const { product(transposed_, X, Y); }
  void transpose_times(const MatrixD& X, MatrixD& Y) const { product(!transposed_, X, Y); }
  MatrixD gaussian(Eigen::Index l, std::uint64_t seed) const {
    return gaussian_matrix(0, cols(), l, seed, Eigen::nbThreads());
  }
  ColMatrix gram(const MatrixD& Z) const { return gram_matrix(Z); }

 private:
  // Y = op(A) X on the dispatched kernels (core/dense.h).
  void product(bool transpose, const MatrixD& X, MatrixD& Y) const {
    Y.resize(transpose ? A_.cols() : A_.rows(), X.cols());
    dense::gemm(transpose ? Trans::Yes : Trans::No, Trans::No, Y.rows(), Y.cols(), X.rows(), 1.0, A_.data(),
                A_.cols(), X.data(), X.cols(), 0.0, Y.data(), Y.cols());
  }

  const MatrixD& A_;
  bool transposed_;
};

// Orthonormal basis of Y's columns, in place (Householder QR: stable even when
// Y is rank-deficient, as for an exactly low-rank A).
void orthonormalize(MatrixD& Y) { dense::orthonormalize(Y.rows(), Y.cols(), Y.data()); }

// The dense products of the solvers (core/dense.h), A and B row-major:
//   times_col_major(A, W)  = A W for a column-major W (the row-major view of Wᵀ)
//   transpose_times(A, B)  = Aᵀ B into a column-major result. A row-major C = XY
//     is what Eigen computes as the column-major Cᵀ = YᵀXᵀ, so asking for the
//     row-major Bᵀ A gives, in the same memory, the column-major AᵀB computed
//     exactly as Eigen computes it for a column-major destination.
MatrixD times_col_major(const MatrixD& A, const ColMatrix& W) {
  MatrixD C(A.rows(), W.cols());
  dense::gemm(Trans::No, Trans::Yes, A.rows(), W.cols(), A.cols(), 1.0, A.data(), A.cols(), W.data(), W.rows(),
              0.0, C.data(), C.cols());
  return C;
}
ColMatrix transpose_times(const MatrixD& A, const MatrixD& B) {
  ColMatrix C(A.cols(), B.cols());
  dense::gemm(Trans::Yes, Trans::No, B.cols(), A.cols(), A.rows(), 1.0, B.data(), B.cols(), A.data(), A.cols(),
              0.0, C.data(), C.rows());
  return C;
}
ColMatrix gram_matrix(const MatrixD& Z) { return transpose_times(Z, Z); }

// The k largest eigenpairs of the symmetric positive semi-definite G (a Gram
// matrix or a projected AAᵀ), as singular values σ = √λ, descending, and the
// matching eigenvectors as columns.
void top_singular_pairs(const ColMatrix& G, Eigen::Index k, Eigen::VectorXd& S, ColMatrix& vectors,
                        const char* solver) {
  const Eigen::Index n = G.rows();
  Eigen::VectorXd values(n);
  MatrixD eigenvectors(n, n);  // row-major: column j is eigenvector j
  if (!dense::symmetric_eigen(n, G.data(), values.data(), eigenvectors.data()))
    throw InputError(std::string(solver) + ": eigensolver did not converge");
  S.resize(k);
  vectors.resize(n, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::Index src = n - 1 - j;  // eigenvalues come ascending
    S(j) = std::sqrt(std::max(0.0, values(src)));
    vectors.col(j) = eigenvectors.col(src);
  }
}

// V(:, j) /= σ_j. Directions with σ ≈ 0 (A of rank < k) have no defined
// partner; they are left zero rather than dividing rounding noise by zero.
void divide_by_singular_values(MatrixD& V, const Eigen::VectorXd& S) {
  const double floor = S.size() > 0 ? S(0) * 1e-12 : 0.0;
  for (Eigen::Index j = 0; j < S.size(); ++j) {
    if (S(j) > floor) V.col(j) /= S(j);
    else V.col(j).setZero();
  }
}

// Dense workspace of the two solvers on an m × n operator (m ≤ n), in bytes,
// computed in double so that a corrupt header's sizes cannot overflow.
double subspace_bytes(double m, double n, double l) { return (2 * n + 3 * m) * l * 8; }
double krylov_bytes(double m, double n, double b, double L) { return (2 * m * L + (2 * n + 2 * m) * b) * 8; }
std::uint64_t clamp_bytes(double bytes) { return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes); }

// Halko, Martinsson & Tropp 2011, Algorithm 4.4 (randomized subspace
// iteration) followed by Algorithm 5.1 (direct SVD of B = QᵀA). `Op` has
// rows() ≤ cols(): Q lives on the short side, where orthonormalising is cheap.
// The long-side iterate Z = AᵀQ is not orthonormalised: its condition number is
// at most σ₁/σ_l of A, and the following product lands back on the short side
// where Householder QR restores orthonormality (the rounding error this admits
// is ε·(σ₁/σ_l)², far below what the approximation itself makes).
template <typename Op>
SvdResult range_finder_svd(const Op& A, Eigen::Index k, const SvdOptions& options, int threads) {
  const Eigen::Index m = A.rows();
  const Eigen::Index n = A.cols();
  const Eigen::Index l = std::min<Eigen::Index>(k + options.oversample, m);
  require_memory(clamp_bytes(subspace_bytes(m, n, l)), "randomized SVD workspace");

  MatrixD Q;
  MatrixD Z = A.gaussian(l, options.seed);                   // Ω
  A.times(Z, Q);                                             // Y = AΩ
  orthonormalize(Q);
  for (int it = 0; it < options.power_iters; ++it) {
    check_interrupted();
    A.transpose_times(Q, Z);  // Z = AᵀQ
    A.times(Z, Q);            // Y = AAᵀQ
    orthonormalize(Q);
  }
  check_interrupted();
  // B = QᵀA = Zᵀ with Z = AᵀQ (n × l). Its SVD comes from the small Gram
  // matrix ZᵀZ = Û Σ² Ûᵀ: then B = Û Σ Vᵀ with V = Z Û Σ⁻¹ (HMT §5.1 with the
  // l × n SVD replaced by an l × l eigenproblem; n may be in the hundreds of
  // thousands).
  A.transpose_times(Q, Z);
  SvdResult r;
  ColMatrix Uhat;
  top_singular_pairs(A.gram(Z), k, r.S, Uhat, "randomized SVD");
  r.U = times_col_major(Q, Uhat);
  r.V = times_col_major(Z, Uhat);
  divide_by_singular_values(r.V, r.S);
  return r;
}

// Orthonormalises the columns of `block` against the first `used` columns of
// `Q` (orthonormal) and among themselves: block classical Gram–Schmidt twice
// ("twice is enough", Giraud et al. 2005), then column by column. A column
// left with nothing of its own (A of low rank, or a Krylov space already
// exhausted) is replaced by a random direction so the basis stays full and
// orthonormal; Rayleigh–Ritz then simply finds nothing there.
void orthonormalize_against(const MatrixD& Q, Eigen::Index used, MatrixD& block, Rng& rng) {
  const dense::NormalSource normal{[](void* state) { return static_cast<Rng*>(state)->normal(); }, &rng};
  dense::orthonormalize_against(block.rows(), block.cols(), Q.data(), Q.cols(), used, block.data(), normal);
}

// Musco & Musco 2015, Algorithm 2 (randomized block Krylov iteration), with the
// Rayleigh–Ritz step taken on the short side. `Op` has rows() ≤ cols(). Block
// i of the basis Q is (AAᵀ)^i AΩ orthonormalised against blocks 0..i−1, and
// Y's block i holds AAᵀ times Q's block i — which is also the raw material of
// block i+1 — so the projected matrix Qᵀ AAᵀ Q = QᵀY costs no extra pass.
template <typename Op>
SvdResult block_krylov_svd(const Op& A, Eigen::Index k, const SvdOptions& options, int threads) {
  const Eigen::Index m = A.rows();
  const Eigen::Index n = A.cols();
  const Eigen::Index b = std::min<Eigen::Index>(k + options.oversample, m);  // block size
  // More blocks than the short side has room for would only add random columns.
  const Eigen::Index blocks = std::min<Eigen::Index>(options.power_iters + 1, std::max<Eigen::Index>(1, m / b));
  const Eigen::Index L = blocks * b;
  require_memory(clamp_bytes(krylov_bytes(m, n, b, L)), "block Krylov SVD workspace");
  Rng rng(derive_seed(options.seed, 0xb10c, 0));
  MatrixD Q(m, L), Y(m, L), block, Z, Qi;
  {
    const MatrixD omega = A.gaussian(b, options.seed);
    A.times(omega, block);  // AΩ
  }
  orthonormalize_against(Q, 0, block, rng);
  Q.leftCols(b) = block;
  for (Eigen::Index i = 0; i < blocks; ++i) {
    check_interrupted();
    Qi = Q.middleCols(i * b, b);
    A.transpose_times(Qi, Z);  // Aᵀ Q_i
    A.times(Z, block);         // AAᵀ Q_i
    Y.middleCols(i * b, b) = block;
    if (i + 1 < blocks) {
      orthonormalize_against(Q, (i + 1) * b, block, rng);
      Q.middleCols((i + 1) * b, b) = block;
    }
  }
  check_interrupted();
  // Rayleigh–Ritz: M = Qᵀ AAᵀ Q = Ŵ Λ Ŵᵀ; the Ritz values λ are σ², the Ritz
  // vectors U = QŴ. (M is symmetric up to rounding; symmetrise before solving.)
  ColMatrix M = transpose_times(Q, Y);
  M = 0.5 * (M + M.transpose()).eval();
  Y.resize(0, 0);
  SvdResult r;
  ColMatrix W;
  top_singular_pairs(M, k, r.S, W, "block Krylov SVD");
  r.U = times_col_major(Q, W);
  // V = AᵀU Σ⁻¹: ‖Aᵀu_j‖² = w_jᵀ M w_j = σ_j², so these columns are unit length
  // and orthogonal (Ritz vectors of AAᵀ map to Ritz vectors of AᵀA).
  A.transpose_times(r.U, r.V);
  divide_by_singular_values(r.V, r.S);
  return r;
}

Eigen::Index checked_rank(Eigen::Index m, Eigen::Index n, const SvdOptions& options) {
  if (m == 0 || n == 0) throw InputError("SVD of an empty matrix (" + std::to_string(m) + "×" +
                                         std::to_string(n) + ")");
  options.validate();
  return std::min<Eigen::Index>({static_cast<Eigen::Index>(options.rank), m, n});
}

bool use_exact(Eigen::Index m, Eigen::Index n, Eigen::Index k, const SvdOptions& options) {
  // When the short side is no longer than the sketch, the sketch is the whole
  // matrix: the exact SVD is both cheaper and exact.
  return options.exact || std::min(m, n) <= k + options.oversample;
}

// `Op` has rows() ≤ cols(); `transposed` says that it is Aᵀ, whose factors
// come back as (V, U).
// Block Krylov needs room for its q + 1 blocks of k + p columns on the short
// side; where there is less (a few hundred documents, k = 100) it would drop
// blocks, i.e. power iterations, so subspace iteration, which keeps all q in
// k + p columns, is the more accurate of the two there.
template <typename Op>
SvdResult solve(const Op& A, bool transposed, Eigen::Index k, const SvdOptions& options, int threads) {
  const Eigen::Index block = std::min<Eigen::Index>(k + options.oversample, A.rows());
  const bool krylov_fits = (static_cast<Eigen::Index>(options.power_iters) + 1) * block <= A.rows();
  SvdResult r = options.solver == SvdSolver::BlockKrylov && krylov_fits
                    ? block_krylov_svd(A, k, options, threads)
                    : range_finder_svd(A, k, options, threads);
  if (distributed::size() > 1 && options.split_ranks) {
    // V's rows (the long side) were computed by blocks: gather them.
    const std::vector<double> all = distributed::allgatherv(std::vector<double>(r.V.data(), r.V.data() + r.V.size()));
    r.V = Eigen::Map<const MatrixD>(all.data(), static_cast<Eigen::Index>(all.size()) / r.V.cols(), r.V.cols());
  }
  if (transposed) std::swap(r.U, r.V);
  return r;
}

// The exact path: BDCSVD on the dense matrix.
SvdResult exact_path(const SparseMatrix& A, Eigen::Index k) {
  require_memory(static_cast<std::uint64_t>(A.rows()) * static_cast<std::uint64_t>(A.cols()) * 8 * 3,
                 "exact SVD of a " + std::to_string(A.rows()) + "×" + std::to_string(A.cols()) + " matrix");
  return exact_svd(MatrixD(A), k);
}

SvdResult exact_path(const MatrixD& A, Eigen::Index k) { return exact_svd(A, k); }

// The randomized path, on whichever of A and Aᵀ is wide. SparseOperator(T)
// stands for Tᵀ, so a wide A is passed as its transpose.
// Under mpirun the long side is split across the ranks (DistributedSparseOperator).
SvdResult randomized_path(const SparseMatrix& A, Eigen::Index k, const SvdOptions& options, int threads) {
  const bool wide = A.rows() <= A.cols();
  const SparseMatrix At = wide ? SparseMatrix(A.transpose()) : SparseMatrix();
  const SparseMatrix& T = wide ? At : A;
  if (distributed::size() > 1 && options.split_ranks)
    return solve(DistributedSparseOperator(T, threads), !wide, k, options, threads);
  return solve(SparseOperator(T, threads), !wide, k, options, threads);
}

SvdResult randomized_path(const MatrixD& A, Eigen::Index k, const SvdOptions& options, int threads) {
  const bool tall = A.rows() > A.cols();
  return solve(DenseOperator(A, tall), tall, k, options, threads);
}

template <typename Input>
SvdResult truncated_svd(const Input& A, const SvdOptions& options) {
  const auto start = Clock::now();
  const Eigen::Index m = A.rows(), n = A.cols();
  const Eigen::Index k = checked_rank(m, n, options);
  const int threads = resolve_threads(options.threads);
  const dense::EigenThreads eigen_threads(threads);
  SvdResult r = use_exact(m, n, k, options) ? exact_path(A, k) : randomized_path(A, k, options, threads);
  fix_svd_signs(r.U, r.V);
  r.seconds = seconds_since(start);
  return r;
}

}  // namespace

std::uint64_t svd_workspace_bytes(std::int64_t rows, std::int64_t cols, const SvdOptions& options) {
  const double m = static_cast<double>(std::min(rows, cols)), n = static_cast<double>(std::max(rows, cols));
  const Eigen::Index k = checked_rank(rows, cols, options);
  if (use_exact(rows, cols, k, options)) return clamp_bytes(m * n * 8 * 3);
  const double b = std::min<double>(static_cast<double>(k + options.oversample), m);
  if (options.solver != SvdSolver::BlockKrylov) return clamp_bytes(subspace_bytes(m, n, b));
  const double blocks = std::min<double>(options.power_iters + 1, std::max<double>(1, std::floor(m / b)));
  return clamp_bytes(krylov_bytes(m, n, b, blocks * b));
}

SvdSolver parse_svd_solver(const std::string& name) {
  if (name == "subspace") return SvdSolver::Subspace;
  if (name == "krylov") return SvdSolver::BlockKrylov;
  throw ParameterError("solver", "must be subspace or krylov, got '" + name + "'");
}

const char* svd_solver_name(SvdSolver solver) {
  return solver == SvdSolver::BlockKrylov ? "krylov" : "subspace";
}

MatrixD sparse_times_dense(const SparseMatrix& A, const MatrixD& X, int threads) {
  EMBKIT_CHECK(A.cols() == X.rows(), "sparse_times_dense: inner dimensions differ");
  MatrixD Y;
  csr_times_dense(A, X, Y, resolve_threads(threads));
  return Y;
}

MatrixD sparse_transpose_times_dense(const SparseMatrix& A, const MatrixD& X, int threads) {
  EMBKIT_CHECK(A.rows() == X.rows(), "sparse_transpose_times_dense: inner dimensions differ");
  MatrixD Y;
  csr_transpose_times_dense(A, X, Y, resolve_threads(threads));
  return Y;
}

void fix_svd_signs(MatrixD& U, MatrixD& V) {
  for (Eigen::Index j = 0; j < U.cols(); ++j) {
    Eigen::Index best = 0;
    U.col(j).cwiseAbs().maxCoeff(&best);
    if (U(best, j) < 0) {
      U.col(j) *= -1.0;
      if (j < V.cols()) V.col(j) *= -1.0;
    }
  }
}

void SvdOptions::validate() const {
  require_at_least("rank", rank, 1);
  require_at_least("oversample", oversample, 0);
  require_at_least("power_iters", power_iters, 0);
  check_threads(threads);
}

SvdResult randomized_svd(const SparseMatrix& A, const SvdOptions& options) { return truncated_svd(A, options); }

SvdResult randomized_svd(const MatrixD& A, const SvdOptions& options) { return truncated_svd(A, options); }

}  // namespace embkit
