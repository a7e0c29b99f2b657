#include "word2vec/touched_rows.h"

#include <algorithm>
#include <cmath>

#include "core/distributed.h"

namespace embkit::w2v {

TouchedRows::TouchedRows(std::size_t rows, std::size_t first_rare)
    : rows_(rows), first_rare_(std::min(first_rare, rows)) {
  const std::size_t n = rows_ - first_rare_;
  flags_ = std::make_unique<std::atomic<std::uint8_t>[]>(n);
  for (std::size_t i = 0; i < n; ++i) flags_[i].store(0, std::memory_order_relaxed);
}

std::vector<std::uint32_t> TouchedRows::take_marked() {
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 0, n = rows_ - first_rare_; i < n; ++i)
    if (flags_[i].load(std::memory_order_relaxed)) {
      rows.push_back(static_cast<std::uint32_t>(first_rare_ + i));
      flags_[i].store(0, std::memory_order_relaxed);
    }
  return rows;
}

std::size_t frequent_rows(const std::vector<double>& kept_occurrences, double words_per_epoch, double sync_words) {
  // e^(−λ) ≤ 1/100: a row left out of fewer than 1 % of the syncs.
  const double cut = std::log(100.0);
  const double per_interval = sync_words / std::max(words_per_epoch, 1.0);
  std::size_t f = 0;
  while (f < kept_occurrences.size() && kept_occurrences[f] * per_interval >= cut) ++f;
  return f;
}

namespace {

void sum_and_scale(float* data, std::size_t n, float scale) {
  distributed::allreduce_sum(data, n);
  for (std::size_t i = 0; i < n; ++i) data[i] *= scale;
}

// The union of every rank's marked rows (ascending), by the cheaper exchange.
std::vector<std::uint32_t> union_of_marks(const std::vector<std::uint32_t>& marked, std::uint64_t marked_all_ranks,
                                          std::size_t first_rare, std::size_t rows, bool& by_ids) {
  const std::size_t rare = rows - first_rare;
  by_ids = 16 * marked_all_ranks < rare;
  std::vector<std::uint32_t> all;
  if (by_ids) {
    all = distributed::allgatherv(marked);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }
  std::vector<std::uint64_t> bits((rare + 63) / 64, 0);
  for (const std::uint32_t row : marked) {
    const std::size_t i = row - first_rare;
    bits[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  distributed::allreduce_or(bits.data(), bits.size());
  for (std::size_t w = 0; w < bits.size(); ++w)
    for (std::uint64_t b = bits[w]; b != 0; b &= b - 1)
      all.push_back(static_cast<std::uint32_t>(first_rare + w * 64 + static_cast<std::size_t>(__builtin_ctzll(b))));
  return all;
}

}  // namespace

RowSyncCounts average_rows(float* data, std::size_t rows, int dim, std::size_t first_rare,
                           const std::vector<std::uint32_t>& marked, std::uint64_t marked_all_ranks) {
  // The same float factor whole averaging multiplies by, so the touched rows
  // come out identical to it.
  const float scale = 1.f / static_cast<float>(distributed::size());
  const std::size_t d = static_cast<std::size_t>(dim);
  RowSyncCounts counts;
  first_rare = std::min(first_rare, rows);
  std::vector<std::uint32_t> sparse;
  if (first_rare < rows && marked_all_ranks > 0)
    sparse = union_of_marks(marked, marked_all_ranks, first_rare, rows, counts.union_by_ids);
  if (4 * sparse.size() > 3 * (rows - first_rare)) {
    // Most rare rows touched: averaging the whole matrix in place (one pass,
    // the untouched rows sent too) is cheaper than packing (two passes).
    counts.dense_rows = rows;
    sum_and_scale(data, rows * d, scale);
    return counts;
  }
  counts.dense_rows = first_rare;
  counts.sparse_rows = sparse.size();
  if (first_rare > 0) sum_and_scale(data, first_rare * d, scale);
  if (sparse.empty()) return counts;
  // Packing costs two passes over the rows sent (measured in
  // docs/distributed.md); the scaling rides on the unpacking pass.
  std::vector<float> packed(sparse.size() * d);
  for (std::size_t i = 0; i < sparse.size(); ++i)
    std::copy_n(data + sparse[i] * d, d, packed.data() + i * d);
  distributed::allreduce_sum(packed.data(), packed.size());
  for (std::size_t i = 0; i < sparse.size(); ++i) {
    const float* from = packed.data() + i * d;
    float* to = data + sparse[i] * d;
    for (std::size_t k = 0; k < d; ++k) to[k] = from[k] * scale;
  }
  return counts;
}

}  // namespace embkit::w2v
