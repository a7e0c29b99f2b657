// Subsampler: frequent-word subsampling (Mikolov et al. 2013b, §2.3), in the
// form word2vec.c actually implements (not the paper's 1 - sqrt(t/f)):
//   keep(w) = (sqrt(c_w / (t·T)) + 1) · (t·T) / c_w
// with c_w the word's count, T the total count of kept vocabulary words and t
// the --sample threshold; values ≥ 1 mean "always keep", t = 0 disables it.
// Stored as a 32-bit threshold per word so the hot loop compares integers.
#pragma once

#include <cstdint>
#include <vector>

namespace embkit {

class Subsampler {
 public:
  Subsampler() = default;
  Subsampler(const std::vector<std::uint64_t>& counts, double sample);

  // The formula above (clamped to 1), for tests and docs.
  static double keep_probability(std::uint64_t count, std::uint64_t total, double sample);

  // `random32` uniform in [0, 2^32).
  bool keep(std::uint32_t word, std::uint32_t random32) const {
    return random32 < thresholds_[word];
  }
  double keep_probability(std::uint32_t word) const { return thresholds_[word] / 4294967296.0; }

 private:
  std::vector<std::uint64_t> thresholds_;  // keep if random32 < threshold (2^32 = always)
};

}  // namespace embkit
