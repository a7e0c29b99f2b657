#include "word2vec/noise_sampler.h"

#include <cmath>

#include "core/error.h"

namespace embkit {

NoiseSampler::NoiseSampler(const std::vector<std::uint64_t>& counts, double exponent) {
  const std::size_t n = counts.size();
  EMBKIT_CHECK(n > 0 && n < (std::uint64_t(1) << 32), "noise vocabulary size out of range");
  std::vector<double> scaled(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = std::pow(static_cast<double>(counts[i]), exponent);
    total += scaled[i];
  }
  EMBKIT_CHECK(std::isfinite(total) && total > 0, "noise distribution is not normalisable");
  // Vose's alias construction: columns with mass < 1 are "small", the rest
  // "large"; each small column is topped up by one large one.
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = scaled[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  columns_.assign(n, Column{0xffffffffu, 0});
  for (std::size_t i = 0; i < n; ++i) columns_[i].alias = static_cast<std::uint32_t>(i);
  const double scale = 4294967296.0;  // 2^32
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    columns_[s].threshold = static_cast<std::uint32_t>(std::min(scale - 1, std::floor(scaled[s] * scale)));
    columns_[s].alias = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are 1 up to rounding: they always keep their own column.
  for (std::uint32_t i : small) columns_[i] = Column{0xffffffffu, i};
  for (std::uint32_t i : large) columns_[i] = Column{0xffffffffu, i};
}

std::vector<double> NoiseSampler::probabilities() const {
  const std::size_t n = columns_.size();
  std::vector<double> p(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    // low32 < threshold happens threshold/2^32 of the time; a full column
    // (0xffffffff) keeps all but one of 2^32 values — report it as 1.
    const double keep = columns_[i].threshold == 0xffffffffu ? 1.0 : columns_[i].threshold / 4294967296.0;
    p[i] += keep / n;
    p[columns_[i].alias] += (1.0 - keep) / n;
  }
  return p;
}

}  // namespace embkit
