// numpy_argsort: numpy 1.24's default np.argsort (kind="quicksort") on int64,
// reproduced step for step, so that code which must select exactly what numpy
// selects among ties (CountVectorizer's max_features) can do so.
//
// numpy's "quicksort" is an introsort (Musser 1997): median-of-three quicksort
// that pushes the larger partition, insertion sort for 16 elements or fewer, and a
// heapsort fallback past 2·floor(log2 n) levels. It is NOT stable, so ties come
// out in an order that only this exact algorithm reproduces. (numpy ≥ 1.26 on
// AVX-512 CPUs dispatches argsort to x86-simd-sort, which orders ties otherwise.)
#pragma once

#include <cstdint>
#include <vector>

namespace embkit {

// Indices that sort `values` ascending, as np.argsort(values) in numpy 1.24.
std::vector<std::int64_t> numpy_argsort(const std::vector<std::int64_t>& values);

}  // namespace embkit
