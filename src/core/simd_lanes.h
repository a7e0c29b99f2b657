// Lane types: the float operations of one vector width, each compiled for its
// instruction set (simd.h's target attributes), so that one kernel body —
// written once as a macro over `L::` operations — is stamped into an AVX-512
// and an AVX2+FMA function (exact_index.cc's panel tile, glove.cc's AdaGrad
// step). A body is a macro, not a template, because a template instantiated
// outside a target function would be compiled for the baseline.
#pragma once

#include "core/simd.h"

#if EMBKIT_SIMD_X86
#include <immintrin.h>

namespace embkit::simd {

// GCC 12 reports false "uninitialized" warnings inside the AVX-512 intrinsics
// (the _mm512_undefined_ps() they pass on purpose).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
struct Avx512Lanes {
  using V = __m512;
  static constexpr int kWidth = 16;
  EMBKIT_TARGET_AVX512 static V zero() { return _mm512_setzero_ps(); }
  EMBKIT_TARGET_AVX512 static V set1(float x) { return _mm512_set1_ps(x); }
  EMBKIT_TARGET_AVX512 static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  EMBKIT_TARGET_AVX512 static V load(const float* p) { return _mm512_loadu_ps(p); }
  EMBKIT_TARGET_AVX512 static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  EMBKIT_TARGET_AVX512 static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  EMBKIT_TARGET_AVX512 static V min(V a, V b) { return _mm512_min_ps(a, b); }
  EMBKIT_TARGET_AVX512 static V max(V a, V b) { return _mm512_max_ps(a, b); }
  EMBKIT_TARGET_AVX512 static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }    // a·b + c
  EMBKIT_TARGET_AVX512 static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }  // c − a·b
  EMBKIT_TARGET_AVX512 static V rsqrt_estimate(V g) { return _mm512_rsqrt14_ps(g); }
  EMBKIT_TARGET_AVX512 static float sum(V v) { return _mm512_reduce_add_ps(v); }
};
struct Avx2Lanes {
  using V = __m256;
  static constexpr int kWidth = 8;
  EMBKIT_TARGET_AVX2 static V zero() { return _mm256_setzero_ps(); }
  EMBKIT_TARGET_AVX2 static V set1(float x) { return _mm256_set1_ps(x); }
  EMBKIT_TARGET_AVX2 static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  EMBKIT_TARGET_AVX2 static V load(const float* p) { return _mm256_loadu_ps(p); }
  EMBKIT_TARGET_AVX2 static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  EMBKIT_TARGET_AVX2 static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  EMBKIT_TARGET_AVX2 static V min(V a, V b) { return _mm256_min_ps(a, b); }
  EMBKIT_TARGET_AVX2 static V max(V a, V b) { return _mm256_max_ps(a, b); }
  EMBKIT_TARGET_AVX2 static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  EMBKIT_TARGET_AVX2 static V fnmadd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  EMBKIT_TARGET_AVX2 static V rsqrt_estimate(V g) { return _mm256_rsqrt_ps(g); }
  EMBKIT_TARGET_AVX2 static float sum(V v) {
    const __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 h = _mm_add_ps(q, _mm_movehl_ps(q, q));
    return _mm_cvtss_f32(_mm_add_ss(h, _mm_shuffle_ps(h, h, 1)));
  }
};
#pragma GCC diagnostic pop

}  // namespace embkit::simd

#endif
