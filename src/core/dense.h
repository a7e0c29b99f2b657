// Dense linear algebra compiled once per instruction set, chosen at run time.
//
// Eigen picks its packet width (SSE2, AVX2, AVX-512) from the compiler flags,
// so in the portable build every Eigen product, QR and eigensolver runs on
// SSE2. The dense work of the randomized SVD (svd, lsa, pca, ppmi), of implicit
// ALS and of 3CosMul analogies (the cosine products and the score of every
// candidate) goes through the kernels below instead: the
// same source (core/dense_impl.h) is compiled three times, for baseline
// x86-64, for AVX2+FMA and for AVX-512 (F, DQ, BW, VL), and kernels() returns
// the table for simd_level() (core/simd.h; EMBKIT_SIMD lowers it).
//
// The AVX copies include Eigen under another namespace (-DEigen=EigenAvx2,
// -DEigen=EigenAvx512), so none of their template instances or inline
// functions shares a symbol with the baseline ones: the linker cannot swap an
// AVX-512 copy of an Eigen function into baseline code. Only raw pointers and
// sizes cross the boundary (an Eigen type compiled in two namespaces is two
// types), and the headers those files include are Eigen's and this one.
//
// Layout: every matrix is row-major with a leading dimension (the distance
// between rows, ≥ the row length), as CBLAS's CblasRowMajor; a column-major
// matrix is the row-major view of its transpose.
// Threads: the kernels parallelise their products with OpenMP exactly as
// Eigen does in the rest of embkit; the wrappers pass Eigen::nbThreads() of the
// calling code (what setNbThreads set, or all cores), so a kernel uses as many
// threads as an Eigen product in the caller's place would.
#pragma once

#include <cstdint>

#include "core/simd.h"

namespace embkit {
namespace dense {

enum class Trans : char { No, Yes };

// A source of standard normal draws (a callback, so that no random number
// generator is compiled for wider instruction sets): orthonormalize_against
// refills columns that lost their own direction.
struct NormalSource {
  double (*draw)(void* state);
  void* state;
};

// The rows [begin, end) of one implicit-ALS sweep (Hu, Koren & Volinsky 2008,
// eq. 4; factorization/als.h): with Y = fixed held constant, row u solves
//     (YᵀY + λI + Σ_k α r_k y_k y_kᵀ) x_u = Σ_k (1 + α r_k) y_k
// over its observations k ∈ [offsets[u], offsets[u+1]) (y_k = fixed row
// columns[k], r_k = values[k]), by LDLT, or by cg_steps conjugate-gradient
// steps warm-started from the row's current value when conjugate_gradient.
// A row without observations becomes 0.
struct ImplicitAlsRows {
  const float* fixed;          // Y, rows of length dim, row-major
  const double* gram;          // YᵀY, dim × dim (symmetric)
  const std::int64_t* offsets;
  const std::int32_t* columns;
  const float* values;
  int dim;
  double alpha, reg;
  bool conjugate_gradient;
  int cg_steps;
  float* solve;                // X, rows of length dim, row-major, read (CG warm start) and written
};

// One instruction set's kernels. `threads`: Eigen's thread count for the products.
struct Kernels {
  // C = alpha·op(A)·op(B) + beta·C, op(A) m × k, op(B) k × n (beta = 0: C is only written).
  void (*gemm_d)(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, double alpha,
                 const double* a, std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c,
                 std::int64_t ldc, int threads);
  void (*gemm_f)(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
                 const float* a, std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c,
                 std::int64_t ldc, int threads);
  // Y (rows × cols, rows ≥ cols, contiguous) ← the thin Q of its Householder QR:
  // an orthonormal basis of Y's columns, stable when Y is rank-deficient.
  void (*orthonormalize)(std::int64_t rows, std::int64_t cols, double* y, int threads);
  // block (rows × cols, contiguous) ← its columns orthonormalised against the
  // first `used` columns of Q (rows × ldq, orthonormal) and among themselves:
  // block classical Gram–Schmidt twice, then column by column; a column left
  // with less than 1e-10 of its norm is replaced by a random direction.
  void (*orthonormalize_against)(std::int64_t rows, std::int64_t cols, const double* q, std::int64_t ldq,
                                 std::int64_t used, double* block, NormalSource normal, int threads);
  // Every eigenpair of the symmetric n × n G (lower triangle read):
  // values ascending, vectors[i·n + j] = component i of eigenvector j. False
  // when the QR iteration did not converge.
  bool (*symmetric_eigen)(std::int64_t n, const double* g, double* values, double* vectors, int threads);
  void (*implicit_als_rows)(const ImplicitAlsRows& job, std::int64_t begin, std::int64_t end);
  // 3CosMul's score of n candidates x (Levy & Goldberg 2014, eq. 4, cosines
  // shifted to [0, 1] as in their section 4):
  //     out[x] = ĉos(x, b)·ĉos(x, c) / (ĉos(x, a) + epsilon),  ĉos = (1 + cos)/2,
  // from the cosines cos_a, cos_b, cos_c; out may be any of the three.
  void (*cosmul_scores)(std::int64_t n, const float* cos_a, const float* cos_b, const float* cos_c, float epsilon,
                        float* out);
};

// The kernels for simd_level(), chosen once.
const Kernels& kernels();
// The kernels of one level, or nullptr when this CPU lacks it or the build has
// no copy for it (not x86-64); for tests that compare the levels.
const Kernels* kernels_for(SimdLevel level);

// Eigen::nbThreads() of the calling code, for the `threads` arguments.
int eigen_threads();

// Eigen's thread count (Eigen::setNbThreads, and so these kernels' through the
// wrappers below) for the dense products of one factorization, restored on the
// way out, exceptions included. Without it an Eigen product in an OpenMP build
// starts a team of all cores whatever --threads says: two threads spinning per
// process when mpirun runs one process per core.
class EigenThreads {
 public:
  explicit EigenThreads(int threads);
  ~EigenThreads();
  EigenThreads(const EigenThreads&) = delete;
  EigenThreads& operator=(const EigenThreads&) = delete;

 private:
  int saved_;
};

// kernels() with the caller's Eigen thread count.
void gemm(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, double alpha, const double* a,
          std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c, std::int64_t ldc);
void gemm(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
          std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc);
void orthonormalize(std::int64_t rows, std::int64_t cols, double* y);
void orthonormalize_against(std::int64_t rows, std::int64_t cols, const double* q, std::int64_t ldq,
                            std::int64_t used, double* block, NormalSource normal);
bool symmetric_eigen(std::int64_t n, const double* g, double* values, double* vectors);
void cosmul_scores(std::int64_t n, const float* cos_a, const float* cos_b, const float* cos_c, float epsilon,
                   float* out);

}  // namespace dense
}  // namespace embkit
