// Truncated SVD: A ≈ U diag(S) Vᵀ keeping the `rank` largest singular values.
//
// Randomized range finder of Halko, Martinsson & Tropp 2011 ("Finding structure
// with randomness", Algorithms 4.1 and 4.4 / 5.1):
//   1. Ω  = n×(k+p) Gaussian test matrix (k = rank, p = oversample),
//   2. Y  = A Ω, then q power iterations Y = A (Aᵀ Y), re-orthonormalising Y
//      (Householder QR, on the short side where it is cheap) after every
//      round trip so small singular directions are not lost to rounding (§4.5),
//   3. Q  = orth(Y); B = Qᵀ A is small, (k+p)×n; its SVD B = Û S Vᵀ comes from
//      the (k+p)×(k+p) eigenproblem of B Bᵀ,
//   4. U  = Q Û, truncated to k columns.
// Sparse products use parallel OpenMP CSR kernels (Eigen's are single-threaded)
// driven by the long side's CSR, so the big n×l block is streamed sequentially.
//
// Solver::BlockKrylov (Musco & Musco 2015, "Randomized block Krylov methods
// for stronger and faster approximate singular value decomposition", Alg. 2)
// keeps every block of the iteration instead of only the last: the basis of
//   K = [AΩ, (AAᵀ)AΩ, …, (AAᵀ)^q AΩ]
// (each new block orthogonalised against all earlier ones), then the
// Rayleigh–Ritz step on the short side, eig(Qᵀ AAᵀ Q) = Ŵ Σ² Ŵᵀ, U = QŴ,
// V = AᵀU Σ⁻¹. The same q round trips through A buy a polynomial of degree
// 2q+1 chosen by the eigensolver instead of the fixed power (AAᵀ)^q, so the
// tail of a slowly decaying spectrum converges far sooner (error falls like
// e^(−2q√gap) instead of (1 − gap)^(2q)); it costs (q+1)(k+p) columns of
// short-side memory, twice.
//
// Under mpirun (core/distributed.h), the sparse randomized path splits the
// long side of A across the ranks: each holds its block of the long-side
// index and of the long-side iterates (Ω, AᵀQ, V), the short-side m × l
// blocks are summed with one Allreduce per product, and V's blocks are
// gathered at the end, so every rank returns the whole result. Every rank
// must call it with the same A and options. The singular values agree with
// one process's to rounding (the sums are taken in another order).
//
// `exact = true` (or a matrix whose smaller side is ≤ rank + oversample) uses
// Eigen's BDCSVD on the dense matrix instead: exact, for small inputs and tests.
//
// Output contract: U is m×k, S has k entries in descending order, V is n×k,
// all double precision. Signs are deterministic: in each left singular vector
// the entry of largest magnitude is positive (V's column flips with it), so the
// same input and seed give the same factors whatever the thread count.
// k = min(rank, m, n).
#pragma once

#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "core/embeddings.h"
#include "core/sparse.h"

namespace embkit {

enum class SvdSolver { Subspace, BlockKrylov };
SvdSolver parse_svd_solver(const std::string& name);  // "subspace" | "krylov"; UsageError otherwise
const char* svd_solver_name(SvdSolver solver);

// The defaults: block Krylov with q = 4, p = 10. On the article dump's TF-IDF
// (k = 100) it is at least as accurate as scikit-learn's TruncatedSVD defaults
// (subspace iteration, n_iter = 5, n_oversamples = 10) on every one of the top
// 100 singular values against ARPACK, worst relative error 3.0e-3 against its
// 3.8e-2, where subspace iteration with q = 4 reached 5.3e-2
// (bench/tfidf_lsa.sh svd; figures in docs/benchmarks.md).
struct SvdOptions {
  SvdSolver solver = SvdSolver::BlockKrylov;
  int rank = 100;           // number of singular triplets kept (k)
  int oversample = 10;      // extra random directions p (HMT §4.2)
  int power_iters = 4;      // q; more = more accurate for slowly decaying spectra
  std::uint64_t seed = 1;   // seeds the Gaussian test matrix
  int threads = 0;          // 0 = all cores
  bool exact = false;       // BDCSVD on the dense matrix
  // Under mpirun: split the long side across the ranks (docs/distributed.md;
  // results equal to rounding). false: every rank solves alone, as one process.
  bool split_ranks = true;

  void validate() const;    // rank ≥ 1, oversample ≥ 0, power_iters ≥ 0, threads ≥ 0
};

struct SvdResult {
  MatrixD U;          // m × k
  Eigen::VectorXd S;  // k, descending
  MatrixD V;          // n × k
  double seconds = 0; // wall time of the factorization
};

SvdResult randomized_svd(const SparseMatrix& A, const SvdOptions& options);
// The dense workspace randomized_svd needs for a rows × cols matrix, in bytes
// (what it checks with require_memory), so that a caller can refuse from a
// file's header before reading the matrix.
std::uint64_t svd_workspace_bytes(std::int64_t rows, std::int64_t cols, const SvdOptions& options);
SvdResult randomized_svd(const MatrixD& A, const SvdOptions& options);

// Y = A X and Y = Aᵀ X for a CSR matrix and a dense row-major X, parallel over
// output rows (A X) or over per-thread accumulators (Aᵀ X). Exposed for reuse
// (PPMI-SVD, LSA fold-in) and for tests against Eigen's serial products.
MatrixD sparse_times_dense(const SparseMatrix& A, const MatrixD& X, int threads = 0);
MatrixD sparse_transpose_times_dense(const SparseMatrix& A, const MatrixD& X,
                                     int threads = 0);

// The exact path: the k leading singular triplets from Eigen's BDCSVD, signs
// not yet fixed. It lives in exact_svd.cc because BDCSVD takes longer to
// compile than the rest of the solver together; apart, the two build in parallel.
SvdResult exact_svd(const MatrixD& A, Eigen::Index k);

// Makes signs deterministic in place: for each column j of U, if its entry of
// largest magnitude is negative, negate U(:, j) and V(:, j).
void fix_svd_signs(MatrixD& U, MatrixD& V);

}  // namespace embkit
