#include "core/dense.h"

#include <Eigen/Core>

namespace embkit {
// One copy of the kernels per instruction set (core/dense_impl.h); a copy the
// build could not compile returns nullptr.
namespace dense_baseline {
const dense::Kernels* kernels();
}
namespace dense_avx2 {
const dense::Kernels* kernels();
}
namespace dense_avx512 {
const dense::Kernels* kernels();
}

namespace dense {

const Kernels* kernels_for(SimdLevel level) {
  if (level > cpu_simd_level()) return nullptr;
  switch (level) {
    case SimdLevel::Avx512: return dense_avx512::kernels();
    case SimdLevel::Avx2: return dense_avx2::kernels();
    case SimdLevel::Baseline: break;
  }
  return dense_baseline::kernels();
}

const Kernels& kernels() {
  static const Kernels* const chosen = [] {
    // A level the build has no copy for (not x86-64) falls back to the next lower one.
    for (int level = static_cast<int>(simd_level()); level > 0; --level)
      if (const Kernels* k = kernels_for(static_cast<SimdLevel>(level))) return k;
    return dense_baseline::kernels();
  }();
  return *chosen;
}

int eigen_threads() { return Eigen::nbThreads(); }

EigenThreads::EigenThreads(int threads) : saved_(Eigen::nbThreads()) { Eigen::setNbThreads(threads); }
EigenThreads::~EigenThreads() { Eigen::setNbThreads(saved_); }

void gemm(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, double alpha, const double* a,
          std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c, std::int64_t ldc) {
  kernels().gemm_d(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, eigen_threads());
}

void gemm(Trans ta, Trans tb, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
          std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
  kernels().gemm_f(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, eigen_threads());
}

void orthonormalize(std::int64_t rows, std::int64_t cols, double* y) {
  kernels().orthonormalize(rows, cols, y, eigen_threads());
}

void orthonormalize_against(std::int64_t rows, std::int64_t cols, const double* q, std::int64_t ldq,
                            std::int64_t used, double* block, NormalSource normal) {
  kernels().orthonormalize_against(rows, cols, q, ldq, used, block, normal, eigen_threads());
}

bool symmetric_eigen(std::int64_t n, const double* g, double* values, double* vectors) {
  return kernels().symmetric_eigen(n, g, values, vectors, eigen_threads());
}

void cosmul_scores(std::int64_t n, const float* cos_a, const float* cos_b, const float* cos_c, float epsilon,
                   float* out) {
  kernels().cosmul_scores(n, cos_a, cos_b, cos_c, epsilon, out);
}

}  // namespace dense
}  // namespace embkit
