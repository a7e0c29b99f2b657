// The AVX-512 (F, DQ, BW, VL) copy of the dense kernels (core/dense.h).
// CMakeLists.txt compiles this file with those instruction sets and
// -DEigen=EigenAvx512, on x86-64 only; elsewhere it defines no kernels.
#include "core/dense.h"

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__FMA__) && defined(Eigen)
#define EMBKIT_DENSE_NS dense_avx512
#define EMBKIT_DENSE_OWN_EIGEN 1
#include "core/dense_impl.h"
#else
namespace embkit {
namespace dense_avx512 {
const dense::Kernels* kernels() { return nullptr; }
}  // namespace dense_avx512
}  // namespace embkit
#endif
