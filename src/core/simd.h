// Run-time choice of the SIMD instruction set for the hot kernels.
//
// embkit is built for the baseline x86-64 instruction set (no -march=native),
// so one binary runs on any x86-64 machine. The few loops where nearly all the
// time goes (SGNS dot/axpy, the distance kernels, the exact-search block
// product, GloVe's update, the tokenizer's byte classes) are compiled a second
// and third time for AVX2+FMA and AVX-512 through GCC/Clang function `target`
// attributes, and simd_level() picks one at start-up from the CPU
// (__builtin_cpu_supports). Only functions carrying those attributes use the
// wider instructions, so no inline function shared with the rest of the
// program is ever compiled for a CPU the machine may lack.
//
// Eigen code (the randomized SVD's dense products and QR, ALS, 3CosMul) is
// dispatched differently, as whole copies compiled per instruction set:
// core/dense.h.
//
// The environment variable EMBKIT_SIMD=baseline|avx2|avx512 lowers the choice
// (tests run every variant on one machine); a level the CPU lacks, or an
// unknown name, is reported on stderr and ignored.
#pragma once

namespace embkit {

enum class SimdLevel { Baseline = 0, Avx2 = 1, Avx512 = 2 };

// The level the kernels use in this process (detected once, thread-safe).
SimdLevel simd_level();
// The best level this CPU supports, ignoring EMBKIT_SIMD.
SimdLevel cpu_simd_level();
const char* simd_level_name(SimdLevel level);  // "baseline" | "avx2" | "avx512"
// What `embkit --version` prints: "kernels: avx512 (cpu: avx512)".
const char* simd_description();

}  // namespace embkit

// Attributes that compile one function for a wider instruction set. Applied
// with EMBKIT_FLATTEN to a thin wrapper, they recompile the whole loop the
// wrapper calls (every callee is inlined into it) for that instruction set;
// EMBKIT_NOINLINE keeps cold callees (progress reports) out of the copies.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMBKIT_SIMD_X86 1
#define EMBKIT_TARGET_AVX2 __attribute__((target("avx2,fma")))
// prefer-vector-width=256 (GCC; clang has no such target option and would
// ignore the whole attribute): loops the compiler vectorises itself use
// 256-bit registers, as GCC's -march for every AVX-512 CPU does (512-bit ones
// lower the clock on many of them); hand-written _mm512 kernels still use 512
// bits. It also makes the run-time variant compute exactly what a
// -march=native build computes.
#if defined(__clang__)
#define EMBKIT_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#else
#define EMBKIT_TARGET_AVX512 \
  __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,prefer-vector-width=256")))
#endif
#define EMBKIT_FLATTEN __attribute__((flatten))
#define EMBKIT_NOINLINE __attribute__((noinline))
#else
#define EMBKIT_SIMD_X86 0
#define EMBKIT_TARGET_AVX2
#define EMBKIT_TARGET_AVX512
#define EMBKIT_FLATTEN
#define EMBKIT_NOINLINE
#endif
