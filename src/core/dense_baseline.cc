// The baseline x86-64 (or, elsewhere, the compiler's default) copy of the dense
// kernels, on the same Eigen as the rest of embkit (core/dense.h).
#define EMBKIT_DENSE_NS dense_baseline
#define EMBKIT_DENSE_OWN_EIGEN 0
#include "core/dense_impl.h"
