#include "word2vec/subsampler.h"

#include <algorithm>
#include <cmath>

namespace embkit {

double Subsampler::keep_probability(std::uint64_t count, std::uint64_t total, double sample) {
  if (sample <= 0 || count == 0) return 1.0;
  const double threshold = sample * static_cast<double>(total);
  const double c = static_cast<double>(count);
  return std::min(1.0, (std::sqrt(c / threshold) + 1.0) * threshold / c);
}

Subsampler::Subsampler(const std::vector<std::uint64_t>& counts, double sample) {
  std::uint64_t total = 0;
  for (std::uint64_t c : counts) total += c;
  thresholds_.resize(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double p = keep_probability(counts[i], total, sample);
    thresholds_[i] = p >= 1.0 ? (std::uint64_t(1) << 32)
                              : static_cast<std::uint64_t>(std::llround(p * 4294967296.0));
  }
}

}  // namespace embkit
