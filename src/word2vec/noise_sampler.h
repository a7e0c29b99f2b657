// NoiseSampler: draws negative samples from the smoothed unigram distribution
//   P(w) = count(w)^e / Σ_v count(v)^e     (Mikolov et al. 2013b, §2.2; e = 0.75)
// with Walker's alias method (Vose 1991): one 64-bit random number and one
// 8-byte table lookup per draw, memory 8 bytes per word — instead of
// word2vec.c's fixed 1e8-entry table. The high 32 bits choose a column, the low
// 32 bits flip that column's biased coin.
#pragma once

#include <cstdint>
#include <vector>

namespace embkit {

class NoiseSampler {
 public:
  NoiseSampler() = default;
  // counts[i] > 0 for every word; exponent may be any finite number.
  NoiseSampler(const std::vector<std::uint64_t>& counts, double exponent);

  std::uint32_t sample(std::uint64_t random) const {
    const std::uint64_t column = ((random >> 32) * columns_.size()) >> 32;
    const Column& c = columns_[column];
    return (random & 0xffffffffu) < c.threshold ? static_cast<std::uint32_t>(column) : c.alias;
  }

  // The probability of each word implied by the table (for tests).
  std::vector<double> probabilities() const;
  std::size_t size() const { return columns_.size(); }

 private:
  struct Column {
    std::uint32_t threshold;  // keep this column if low32 < threshold (2^32 scale, capped)
    std::uint32_t alias;      // otherwise return this word
  };
  std::vector<Column> columns_;
};

}  // namespace embkit
