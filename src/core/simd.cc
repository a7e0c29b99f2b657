#include "core/simd.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>


namespace embkit {

namespace {

SimdLevel detect() {
#if EMBKIT_SIMD_X86
  __builtin_cpu_init();
  // AVX-512: the F, VL, BW and DQ subsets the kernels' target attribute names
  // (every AVX-512 CPU since Skylake-SP has all four).
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
    return SimdLevel::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::Avx2;
#endif
  return SimdLevel::Baseline;
}

// EMBKIT_SIMD may lower the level, never raise it past the CPU's. A value
// that cannot be honoured is reported once on stderr and the CPU's level
// used: this runs inside the first kernel call, possibly on a worker thread,
// where an exception could not reach the caller.
SimdLevel choose() {
  const SimdLevel cpu = cpu_simd_level();
  const char* wanted = std::getenv("EMBKIT_SIMD");
  if (wanted == nullptr || *wanted == '\0') return cpu;
  for (SimdLevel level : {SimdLevel::Baseline, SimdLevel::Avx2, SimdLevel::Avx512}) {
    if (std::strcmp(wanted, simd_level_name(level)) != 0) continue;
    if (level <= cpu) return level;
    std::fprintf(stderr, "embkit: warning: EMBKIT_SIMD=%s, but this CPU supports at most %s; using %s\n", wanted,
                 simd_level_name(cpu), simd_level_name(cpu));
    return cpu;
  }
  std::fprintf(stderr, "embkit: warning: EMBKIT_SIMD must be baseline, avx2 or avx512 (got '%s'); using %s\n",
               wanted, simd_level_name(cpu));
  return cpu;
}

}  // namespace

SimdLevel cpu_simd_level() {
  static const SimdLevel level = detect();
  return level;
}

SimdLevel simd_level() {
#if defined(__AVX512F__)
  return SimdLevel::Avx512;  // a native build: the kernels are fixed at compile time
#elif defined(__AVX2__) && defined(__FMA__)
  return SimdLevel::Avx2;
#else
  static const SimdLevel level = choose();
  return level;
#endif
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx512: return "avx512";
    case SimdLevel::Avx2: return "avx2";
    case SimdLevel::Baseline: break;
  }
  return "baseline";
}

const char* simd_description() {
#if defined(__AVX2__) || defined(__AVX512F__)
  const char* how = ", fixed at compile time (EMBKIT_NATIVE)";
#else
  const char* how = ", chosen at run time";
#endif
  static const std::string text = std::string("kernels: ") + simd_level_name(simd_level()) + how +
                                  " (cpu: " + simd_level_name(cpu_simd_level()) + ")";
  return text.c_str();
}

}  // namespace embkit
