// Fuzz target: read_npy(). Accepted arrays must be finite-sized float matrices
// that survive write_npy → read_npy unchanged (NaN compared bitwise-insensitively:
// .npy may legitimately hold NaN; the vector readers reject it later).
#include <cmath>

#include "core/npy.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-array.npy"), copy("-array-copy.npy");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const Matrix m = read_npy(input.path());
    fuzz::require(m.rows() >= 0 && m.cols() >= 0, "non-negative shape");
    // Data must come from the file: at least 4 bytes per float32 element (8 for '<f8').
    fuzz::require(static_cast<std::size_t>(m.size()) * 4 <= size, "no element without bytes in the file");
    write_npy(m, copy.path());
    const Matrix back = read_npy(copy.path());
    fuzz::require(back.rows() == m.rows() && back.cols() == m.cols(), "shape survives a round trip");
    // A loop over data(), not Eigen's all(): on a 0 × 40M array that walks 40M
    // empty columns and times out under coverage instrumentation.
    for (Eigen::Index k = 0; k < m.size(); ++k) {
      const float a = m.data()[k], b = back.data()[k];
      fuzz::require(a == b || (std::isnan(a) && std::isnan(b)), "values (and NaN positions) survive a round trip");
    }
  });
  return 0;
}
