// Similarity metrics shared by every nearest-neighbour index.
//
// Score convention (what Index::search writes into `scores`):
//   Cosine  cos(q, x) = q·x / (|q| |x|), higher is better, in [-1, 1];
//           an all-zero query or row scores 0 against everything (never NaN).
//   Dot     q·x, higher is better.
//   L2      Euclidean distance |q − x| (not squared), LOWER is better.
// Internally every index ranks by a "higher is better" key: the similarity for
// cosine/dot, −|q − x|² for L2; to_score() turns that key into the public score.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/simd.h"
#if EMBKIT_SIMD_X86
#include <immintrin.h>
#endif

namespace embkit {

enum class Metric { Cosine, Dot, L2 };

// "cosine" | "dot" | "l2"; throws UsageError naming the bad value otherwise.
Metric parse_metric(const std::string& name);
const char* metric_name(Metric metric);

// True when larger scores rank first (cosine, dot); false for L2.
inline bool higher_is_better(Metric metric) { return metric != Metric::L2; }

// Internal ranking key → public score (see the convention above).
inline float key_to_score(Metric metric, float key) {
  return metric == Metric::L2 ? std::sqrt(std::max(0.0f, -key)) : key;
}

// Dot product and squared distance over `dim` floats: the inner loop of every
// approximate index. Each exists for AVX-512, AVX2+FMA and the baseline
// instruction set (simd.h); dot_product() and squared_l2() call the variant
// simd_level() chose through a table set once, as hnswlib does. A build for
// the building machine's CPU (EMBKIT_NATIVE) calls its variant directly.
namespace simd {

#if EMBKIT_SIMD_X86
// GCC 12 reports a false "used uninitialized" inside _mm512_reduce_add_ps
// (the _mm256_undefined_pd() it passes on purpose).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
EMBKIT_TARGET_AVX512 inline float dot_avx512(const float* a, const float* b, std::int64_t dim) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  std::int64_t i = 0;
  for (; i + 32 <= dim; i += 32) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
  }
  for (; i + 16 <= dim; i += 16)
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
  if (i < dim) {
    const __mmask16 mask = static_cast<__mmask16>((1u << (dim - i)) - 1);
    acc1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i), acc1);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}
EMBKIT_TARGET_AVX512 inline float squared_l2_avx512(const float* a, const float* b, std::int64_t dim) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  std::int64_t i = 0;
  for (; i + 16 <= dim; i += 16) {
    const __m512 d = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    acc0 = _mm512_fmadd_ps(d, d, acc0);
  }
  if (i < dim) {
    const __mmask16 mask = static_cast<__mmask16>((1u << (dim - i)) - 1);
    const __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i));
    acc1 = _mm512_fmadd_ps(d, d, acc1);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}
#pragma GCC diagnostic pop
EMBKIT_TARGET_AVX2 inline float horizontal_sum_avx2(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}
EMBKIT_TARGET_AVX2 inline float dot_avx2(const float* a, const float* b, std::int64_t dim) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  std::int64_t i = 0;
  for (; i + 16 <= dim; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  for (; i + 8 <= dim; i += 8)
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
  float sum = horizontal_sum_avx2(_mm256_add_ps(acc0, acc1));
  for (; i < dim; ++i) sum += a[i] * b[i];
  return sum;
}
EMBKIT_TARGET_AVX2 inline float squared_l2_avx2(const float* a, const float* b, std::int64_t dim) {
  __m256 acc = _mm256_setzero_ps();
  std::int64_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    acc = _mm256_fmadd_ps(d, d, acc);
  }
  float sum = horizontal_sum_avx2(acc);
  for (; i < dim; ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return sum;
}
#endif

inline float dot_baseline(const float* a, const float* b, std::int64_t dim) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // independent chains hide the add latency
  std::int64_t i = 0;
  for (; i + 4 <= dim; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < dim; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}
inline float squared_l2_baseline(const float* a, const float* b, std::int64_t dim) {
  float s = 0;
  for (std::int64_t i = 0; i < dim; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

using PairKernel = float (*)(const float*, const float*, std::int64_t);
struct DistanceKernels {
  PairKernel dot;
  PairKernel squared_l2;
};
// The variants simd_level() chose.
const DistanceKernels& distance_kernels();

}  // namespace simd

#if defined(__AVX512F__)
inline float dot_product(const float* a, const float* b, std::int64_t dim) { return simd::dot_avx512(a, b, dim); }
inline float squared_l2(const float* a, const float* b, std::int64_t dim) { return simd::squared_l2_avx512(a, b, dim); }
#elif defined(__AVX2__) && defined(__FMA__)
inline float dot_product(const float* a, const float* b, std::int64_t dim) { return simd::dot_avx2(a, b, dim); }
inline float squared_l2(const float* a, const float* b, std::int64_t dim) { return simd::squared_l2_avx2(a, b, dim); }
#else
inline float dot_product(const float* a, const float* b, std::int64_t dim) {
  return simd::distance_kernels().dot(a, b, dim);
}
inline float squared_l2(const float* a, const float* b, std::int64_t dim) {
  return simd::distance_kernels().squared_l2(a, b, dim);
}
#endif

// Scales v[0, dim) to unit length; an all-zero vector stays zero.
inline void normalize_in_place(float* v, std::int64_t dim) {
  const float norm = std::sqrt(dot_product(v, v, dim));
  if (norm > 0)
    for (std::int64_t j = 0; j < dim; ++j) v[j] /= norm;
}

// Copies a query row of `dim` floats into `query`, at unit length for cosine:
// the form indexes that store unit rows compare against.
inline void load_query(const float* row, std::int64_t dim, Metric metric, float* query) {
  std::copy(row, row + dim, query);
  if (metric == Metric::Cosine) normalize_in_place(query, dim);
}

// Ranking key for one pair: dot for cosine (on unit vectors) and dot, −|a−b|²
// for L2. Cosine indexes store unit rows and normalise the query first.
inline float similarity_key(Metric metric, const float* a, const float* b, std::int64_t dim) {
  return metric == Metric::L2 ? -squared_l2(a, b, dim) : dot_product(a, b, dim);
}

}  // namespace embkit
