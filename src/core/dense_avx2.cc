// The AVX2+FMA copy of the dense kernels (core/dense.h). CMakeLists.txt
// compiles this file with -mavx2 -mfma and -DEigen=EigenAvx2, on x86-64 only;
// elsewhere it defines no kernels.
#include "core/dense.h"

#if defined(__AVX2__) && defined(__FMA__) && defined(Eigen)
#define EMBKIT_DENSE_NS dense_avx2
#define EMBKIT_DENSE_OWN_EIGEN 1
#include "core/dense_impl.h"
#else
namespace embkit {
namespace dense_avx2 {
const dense::Kernels* kernels() { return nullptr; }
}  // namespace dense_avx2
}  // namespace embkit
#endif
