// The dense kernels of core/dense.h: every copy this CPU can run (baseline,
// AVX2, AVX-512) computes what a plain reference computes, and the copies agree
// with each other within rounding.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/dense.h"
#include "core/random.h"
#include "core/simd.h"

using namespace embkit;

namespace {

std::vector<const dense::Kernels*> kernels_of_this_cpu() {
  std::vector<const dense::Kernels*> all;
  for (SimdLevel level : {SimdLevel::Baseline, SimdLevel::Avx2, SimdLevel::Avx512}) {
    const dense::Kernels* k = dense::kernels_for(level);
    if (level <= cpu_simd_level()) {
#if EMBKIT_SIMD_X86
      REQUIRE(k != nullptr);  // an x86-64 build has every copy
#endif
    } else {
      REQUIRE(k == nullptr);  // never a copy the CPU cannot run
    }
    if (k) all.push_back(k);
  }
  return all;
}

template <typename T>
std::vector<T> random_values(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(rng.normal());
  return v;
}

double max_abs_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

}  // namespace

TEST_CASE("dense gemm: every copy and every transpose against a plain triple loop", "[dense][simd]") {
  // Sizes past Eigen's blocking and its small-product threshold, odd to leave tails.
  const std::int64_t m = 37, n = 129, k = 70, pad = 3;
  const auto a = random_values<double>(static_cast<std::size_t>((k + pad) * (k + pad)), 1);
  const auto b = random_values<double>(static_cast<std::size_t>((k + pad) * (n + pad)), 2);
  const auto c0 = random_values<double>(static_cast<std::size_t>(m * (n + pad)), 3);
  for (dense::Trans ta : {dense::Trans::No, dense::Trans::Yes}) {
    for (dense::Trans tb : {dense::Trans::No, dense::Trans::Yes}) {
      // Row-major operands with leading dimensions wider than their rows.
      const std::int64_t lda = (ta == dense::Trans::No ? k : m) + pad, ldb = (tb == dense::Trans::No ? n : k) + pad;
      const std::int64_t ldc = n + pad;
      auto A = [&](std::int64_t i, std::int64_t p) { return ta == dense::Trans::No ? a[i * lda + p] : a[p * lda + i]; };
      auto B = [&](std::int64_t p, std::int64_t j) { return tb == dense::Trans::No ? b[p * ldb + j] : b[j * ldb + p]; };
      for (double beta : {0.0, 1.0, -0.5}) {
        std::vector<double> expected = c0;
        for (std::int64_t i = 0; i < m; ++i)
          for (std::int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::int64_t p = 0; p < k; ++p) s += A(i, p) * B(p, j);
            expected[i * ldc + j] = 1.5 * s + (beta == 0 ? 0 : beta * c0[i * ldc + j]);
          }
        for (const dense::Kernels* kernels : kernels_of_this_cpu()) {
          INFO("transposes " << (ta == dense::Trans::Yes) << (tb == dense::Trans::Yes) << ", beta " << beta);
          std::vector<double> c = c0;
          kernels->gemm_d(ta, tb, m, n, k, 1.5, a.data(), lda, b.data(), ldb, beta, c.data(), ldc, 1);
          CHECK(max_abs_difference(c, expected) < 1e-11);
          // The float copy: within float rounding of the double sum (|terms| ≈ 1, k = 70).
          std::vector<float> af(a.begin(), a.end()), bf(b.begin(), b.end()), cf(c0.begin(), c0.end());
          kernels->gemm_f(ta, tb, m, n, k, 1.5f, af.data(), lda, bf.data(), ldb, static_cast<float>(beta), cf.data(),
                          ldc, 1);
          CHECK(max_abs_difference(std::vector<double>(cf.begin(), cf.end()), expected) < 1e-4);
        }
      }
    }
  }
}

TEST_CASE("dense QR, Gram-Schmidt and eigensolver: every copy gives the baseline's answer", "[dense][simd]") {
  const auto copies = kernels_of_this_cpu();
  const dense::Kernels& base = *copies.front();
  const std::int64_t rows = 300, cols = 40;
  std::vector<double> q0 = random_values<double>(static_cast<std::size_t>(rows * cols), 4);
  base.orthonormalize(rows, cols, q0.data(), 1);
  // QᵀQ = I.
  for (std::int64_t i = 0; i < cols; ++i)
    for (std::int64_t j = 0; j < cols; ++j) {
      double s = 0;
      for (std::int64_t r = 0; r < rows; ++r) s += q0[r * cols + i] * q0[r * cols + j];
      CHECK(std::abs(s - (i == j ? 1.0 : 0.0)) < 1e-12);
    }
  // A symmetric matrix for the eigensolver: G = BᵀB + I.
  const std::int64_t n = 50;
  const auto bmat = random_values<double>(static_cast<std::size_t>(2 * n * n), 5);
  std::vector<double> g(static_cast<std::size_t>(n * n));
  base.gemm_d(dense::Trans::Yes, dense::Trans::No, n, n, 2 * n, 1.0, bmat.data(), n, bmat.data(), n, 0.0, g.data(),
              n, 1);
  for (std::int64_t i = 0; i < n; ++i) g[i * n + i] += 1;
  std::vector<double> base_values(static_cast<std::size_t>(n)), base_vectors(static_cast<std::size_t>(n * n));
  REQUIRE(base.symmetric_eigen(n, g.data(), base_values.data(), base_vectors.data(), 1));
  for (std::int64_t j = 0; j < n; ++j) {  // G v = λ v
    CHECK((j == 0 || base_values[j] >= base_values[j - 1]));
    for (std::int64_t i = 0; i < n; ++i) {
      double gv = 0;
      for (std::int64_t p = 0; p < n; ++p) gv += g[i * n + p] * base_vectors[p * n + j];
      CHECK(std::abs(gv - base_values[j] * base_vectors[i * n + j]) < 1e-9 * base_values.back());
    }
  }

  for (const dense::Kernels* kernels : copies) {
    std::vector<double> q = random_values<double>(static_cast<std::size_t>(rows * cols), 4);
    kernels->orthonormalize(rows, cols, q.data(), 2);
    CHECK(max_abs_difference(q, q0) < 1e-12);

    // A block against the first 25 columns of q: orthonormal, orthogonal to
    // them, and one exactly dependent column refilled from the random source.
    std::vector<double> block = random_values<double>(static_cast<std::size_t>(rows * 10), 6);
    for (std::int64_t r = 0; r < rows; ++r) block[r * 10 + 3] = q[r * cols + 7];
    Rng rng(9);
    const dense::NormalSource normal{[](void* state) { return static_cast<Rng*>(state)->normal(); }, &rng};
    kernels->orthonormalize_against(rows, 10, q.data(), cols, 25, block.data(), normal, 2);
    for (std::int64_t j = 0; j < 10; ++j) {
      for (std::int64_t i = 0; i < 25 + 10; ++i) {
        double s = 0;
        for (std::int64_t r = 0; r < rows; ++r) s += block[r * 10 + j] * (i < 25 ? q[r * cols + i] : block[r * 10 + i - 25]);
        CHECK(std::abs(s - (i == 25 + j ? 1.0 : 0.0)) < 1e-12);
      }
    }

    std::vector<double> values(static_cast<std::size_t>(n)), vectors(static_cast<std::size_t>(n * n));
    REQUIRE(kernels->symmetric_eigen(n, g.data(), values.data(), vectors.data(), 1));
    CHECK(max_abs_difference(values, base_values) < 1e-10 * base_values.back());
    // Eigenvectors up to sign (the eigenvalues of BᵀB + I are distinct).
    for (std::int64_t j = 0; j < n; ++j) {
      const double sign = vectors[j] * base_vectors[j] < 0 ? -1.0 : 1.0;
      for (std::int64_t i = 0; i < n; ++i) CHECK(std::abs(sign * vectors[i * n + j] - base_vectors[i * n + j]) < 1e-8);
    }
  }
}

TEST_CASE("dense implicit-ALS rows: every copy solves eq. 4 as the baseline does", "[dense][simd]") {
  // 40 rows against 60 fixed rows of dimension 24; row 5 has no observations.
  const int dim = 24;
  const std::int64_t fixed_rows = 60, rows = 40;
  const auto fixed = random_values<float>(static_cast<std::size_t>(fixed_rows * dim), 7);
  Rng rng(8);
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> columns;
  std::vector<float> values;
  for (std::int64_t r = 0; r < rows; ++r) {
    if (r != 5)
      for (std::int32_t c = 0; c < fixed_rows; ++c)
        if (rng.uniform() < 0.2) {
          columns.push_back(c);
          values.push_back(static_cast<float>(1 + rng.below(5)));
        }
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  std::vector<double> gram(static_cast<std::size_t>(dim * dim));
  const std::vector<double> fixed_d(fixed.begin(), fixed.end());
  dense::kernels_for(SimdLevel::Baseline)
      ->gemm_d(dense::Trans::Yes, dense::Trans::No, dim, dim, fixed_rows, 1.0, fixed_d.data(), dim, fixed_d.data(),
               dim, 0.0, gram.data(), dim, 1);
  for (bool cg : {false, true}) {
    std::vector<double> first;
    for (const dense::Kernels* kernels : kernels_of_this_cpu()) {
      INFO((cg ? "conjugate gradient" : "LDLT"));
      std::vector<float> solve(static_cast<std::size_t>(rows * dim), 0.01f);
      const dense::ImplicitAlsRows job{fixed.data(), gram.data(), offsets.data(), columns.data(), values.data(), dim,
                                       3.0,          2.0,         cg,             30,             solve.data()};
      kernels->implicit_als_rows(job, 0, 16);
      kernels->implicit_als_rows(job, 16, rows);
      // The residual of eq. 4 for every row (CG with 30 steps on a 24-dim system converges).
      for (std::int64_t r = 0; r < rows; ++r) {
        for (int i = 0; i < dim; ++i) {
          double ax = 2.0 * solve[r * dim + i], bi = 0;
          for (int j = 0; j < dim; ++j) ax += gram[i * dim + j] * solve[r * dim + j];
          for (std::int64_t k = offsets[r]; k < offsets[r + 1]; ++k) {
            const float* y = fixed.data() + columns[k] * dim;
            double yx = 0;
            for (int j = 0; j < dim; ++j) yx += static_cast<double>(y[j]) * solve[r * dim + j];
            ax += 3.0 * values[k] * yx * y[i];
            bi += (1 + 3.0 * values[k]) * y[i];
          }
          CHECK(std::abs(ax - bi) < 1e-3 * (1 + std::abs(bi)));
        }
      }
      for (int i = 0; i < dim; ++i) CHECK(solve[5 * dim + i] == 0.0f);
      if (first.empty()) first.assign(solve.begin(), solve.end());
      else CHECK(max_abs_difference(std::vector<double>(solve.begin(), solve.end()), first) < 1e-5);
    }
  }
}

TEST_CASE("dense 3CosMul scores: every copy, in place too, against the formula", "[dense][simd]") {
  // Cosines in [-1, 1], including the ends (ĉos(x, a) = 0 leaves epsilon alone
  // in the denominator); a length with a tail past every vector width.
  const std::int64_t n = 1000 + 13;
  std::vector<float> ca(n), cb(n), cc(n);
  Rng rng(7);
  for (std::int64_t x = 0; x < n; ++x) {
    ca[x] = 2 * rng.uniform_float() - 1;
    cb[x] = 2 * rng.uniform_float() - 1;
    cc[x] = 2 * rng.uniform_float() - 1;
  }
  ca[0] = -1, cb[0] = 1, cc[0] = 1;    // the largest score: 1 / epsilon
  ca[1] = 1, cb[1] = -1, cc[1] = 0.5;  // zero
  const float epsilon = 0.001f;
  auto expected = [&](std::int64_t x) {
    const double a = (1.0 + ca[x]) / 2, b = (1.0 + cb[x]) / 2, c = (1.0 + cc[x]) / 2;
    return b * c / (a + epsilon);
  };
  CHECK(expected(0) == Approx(1000.0));
  CHECK(expected(1) == 0.0);
  for (const dense::Kernels* k : kernels_of_this_cpu()) {
    std::vector<float> out(n);
    k->cosmul_scores(n, ca.data(), cb.data(), cc.data(), epsilon, out.data());
    std::vector<float> in_place = cb;
    k->cosmul_scores(n, ca.data(), in_place.data(), cc.data(), epsilon, in_place.data());
    for (std::int64_t x = 0; x < n; ++x) {
      // float arithmetic, four roundings (five with the sum's): within 1e-6 relative
      CHECK(std::abs(out[x] - expected(x)) <= 1e-6 * std::abs(expected(x)) + 1e-30);
      CHECK(in_place[x] == out[x]);
    }
  }
}

TEST_CASE("dense kernels() follows simd_level()", "[dense][simd]") {
  CHECK(&dense::kernels() == dense::kernels_for(simd_level()));
}
