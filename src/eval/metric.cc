#include "eval/metric.h"

namespace embkit::simd {

const DistanceKernels& distance_kernels() {
  static const DistanceKernels kernels = [] {
#if EMBKIT_SIMD_X86
    switch (simd_level()) {
      case SimdLevel::Avx512: return DistanceKernels{dot_avx512, squared_l2_avx512};
      case SimdLevel::Avx2: return DistanceKernels{dot_avx2, squared_l2_avx2};
      case SimdLevel::Baseline: break;
    }
#endif
    return DistanceKernels{dot_baseline, squared_l2_baseline};
  }();
  return kernels;
}

}  // namespace embkit::simd
