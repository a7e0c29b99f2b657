// The inner kernels of skip-gram / CBOW with negative sampling (SGNS).
//
// For an input vector v (a context word, or CBOW's averaged context) and an
// output vector u_o, the loss of one positive pair and K noise words is
// (Mikolov et al. 2013b, eq. 4, negated):
//   L = -log σ(v·u_pos) - Σ_k log σ(-v·u_k)
// and with f = v·u_o and label y (1 for the positive word, 0 for noise)
//   ∂L/∂v   = -Σ_o (y_o - σ(f_o)) u_o          ∂L/∂u_o = -(y_o - σ(f_o)) v
// so one SGD step with rate α adds g·u_o to v and g·v to u_o, g = α(y - σ(f)).
// σ and -log σ come from tables over [-8, 8] (as word2vec.c's EXP_TABLE, finer);
// beyond the range σ saturates to 0/1 and -log σ(x) ≈ -x is computed exactly,
// so an exploding run yields an infinite loss instead of a silently clipped one.
// Loops carry `omp simd` so that -O3 vectorises the float reductions without
// -ffast-math (the reduction order is fixed per build: results stay deterministic).
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.h"

namespace embkit::w2v {

inline float dot(const float* a, const float* b, int n) {
  float s = 0.f;
#pragma omp simd reduction(+ : s)
  for (int i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

// y += a·x
inline void axpy(float a, const float* x, float* y, int n) {
#pragma omp simd
  for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

class SigmoidTable {
 public:
  static constexpr float kMax = 8.f;
  static constexpr int kSize = 2048;

  SigmoidTable() {
    for (int i = 0; i <= kSize; ++i) {
      const double x = (2.0 * i / kSize - 1.0) * kMax;
      sigmoid_[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
      neg_log_sigmoid_[i] = static_cast<float>(std::log1p(std::exp(-x)));
    }
  }
  // σ(x); NaN maps to NaN.
  float sigmoid(float x) const {
    if (x >= kMax) return 1.f;
    if (x <= -kMax) return 0.f;
    if (x != x) return x;
    return sigmoid_[index(x)];
  }
  // -log σ(x) = log(1 + e^{-x}); NaN and ±Inf pass through as the limit.
  float neg_log_sigmoid(float x) const {
    if (x >= kMax) return 0.f;
    if (x <= -kMax) return -x;
    if (x != x) return x;
    return neg_log_sigmoid_[index(x)];
  }

 private:
  static int index(float x) { return static_cast<int>((x + kMax) * (kSize / (2 * kMax)) + 0.5f); }
  float sigmoid_[kSize + 1];
  float neg_log_sigmoid_[kSize + 1];
};

// One SGNS pair (word2vec.c's inner loop, fused): f = v·u, g = α(y - σ(f)),
// grad_v += g·u, u += g·v. Returns this pair's loss term.
inline float sgns_pair(const float* v, float* u, float* grad_v, int dim, float label, float lr,
                       const SigmoidTable& table) {
  const float f = dot(v, u, dim);
  const float g = (label - table.sigmoid(f)) * lr;
#pragma omp simd
  for (int i = 0; i < dim; ++i) {
    grad_v[i] += g * u[i];
    u[i] += g * v[i];
  }
  return table.neg_log_sigmoid(label > 0.5f ? f : -f);
}

// Exact double-precision reference of the per-pair loss, for gradient checks:
//   L(v, u) = -log σ(s·v·u), s = +1 for the positive word, -1 for noise.
inline double sgns_pair_loss_reference(const float* v, const float* u, int dim, bool positive) {
  double f = 0;
  for (int i = 0; i < dim; ++i) f += static_cast<double>(v[i]) * u[i];
  const double x = positive ? f : -f;
  return std::log1p(std::exp(-x));
}

// xoshiro256** (Blackman & Vigna 2018), the same generator as core's Rng but
// inline, because the training loop draws several numbers per word. State
// round-trips with Rng::get_state/set_state for checkpoints.
struct FastRng {
  std::uint64_t s[4];
  std::uint64_t next() { return xoshiro256ss_next(s); }
  // Uniform in [0, n) for n < 2^32 (multiply-shift on the high 32 bits).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
};

}  // namespace embkit::w2v
