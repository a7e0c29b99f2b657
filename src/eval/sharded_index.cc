#include "eval/sharded_index.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "core/distributed.h"
#include "core/error.h"

namespace embkit {

namespace {

// One neighbour as it travels between ranks.
template <class Score>
struct Candidate {
  std::int64_t id;
  Score score;
};

}  // namespace

template <class Score>
void merge_shards(std::vector<std::int64_t>& ids, std::vector<Score>& scores, std::int64_t n, std::int64_t k,
                  bool higher_is_better) {
  if (distributed::size() == 1) return;
  std::vector<Candidate<Score>> mine(ids.size());
  for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = {ids[i], scores[i]};
  const std::vector<Candidate<Score>> all = distributed::allgatherv(mine);
  const std::size_t shards = static_cast<std::size_t>(distributed::size());
  // Per query: the k best of the shards' k, ordered as Index orders results.
  const auto better = [higher_is_better](const Candidate<Score>& a, const Candidate<Score>& b) {
    if (a.score != b.score) return higher_is_better ? a.score > b.score : a.score < b.score;
    return a.id < b.id;
  };
  const Score pad = higher_is_better ? -std::numeric_limits<Score>::infinity() : std::numeric_limits<Score>::infinity();
  std::vector<Candidate<Score>> merged;
  for (std::int64_t q = 0; q < n; ++q) {
    merged.clear();
    for (std::size_t s = 0; s < shards; ++s)
      for (std::int64_t r = 0; r < k; ++r) {
        const Candidate<Score>& c = all[s * mine.size() + static_cast<std::size_t>(q * k + r)];
        if (c.id >= 0) merged.push_back(c);
      }
    const std::size_t keep = std::min(merged.size(), static_cast<std::size_t>(k));
    std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end(), better);
    for (std::int64_t r = 0; r < k; ++r) {
      const bool have = static_cast<std::size_t>(r) < keep;
      ids[static_cast<std::size_t>(q * k + r)] = have ? merged[static_cast<std::size_t>(r)].id : -1;
      scores[static_cast<std::size_t>(q * k + r)] = have ? merged[static_cast<std::size_t>(r)].score : pad;
    }
  }
}

template void merge_shards<float>(std::vector<std::int64_t>&, std::vector<float>&, std::int64_t, std::int64_t, bool);
template void merge_shards<double>(std::vector<std::int64_t>&, std::vector<double>&, std::int64_t, std::int64_t,
                                   bool);

ShardedIndex::ShardedIndex(const Matrix& vectors, const IndexConfig& config)
    : Index("sharded", config.metric, vectors.rows(), vectors.cols()) {
  const distributed::Range range = distributed::my_range(static_cast<std::size_t>(vectors.rows()));
  begin_ = static_cast<std::int64_t>(range.begin);
  rows_copy_ = vectors.middleRows(begin_, static_cast<std::int64_t>(range.end - range.begin));
  local_ = make_index(rows_copy_, config);
  set_threads(config.threads);
}

std::string ShardedIndex::describe() const {
  return local_->describe() + " shards=" + std::to_string(distributed::size());
}

void ShardedIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                               float* scores) const {
  // Rank 0's queries for all: the ranks then search for the same vectors.
  std::vector<float> shared(queries, queries + n * dim_);
  distributed::broadcast(shared.data(), shared.size() * sizeof(float));
  std::vector<std::int64_t> local_ids(static_cast<std::size_t>(n * k));
  std::vector<float> local_scores(local_ids.size());
  local_->set_threads(threads());
  local_->search(shared.data(), n, k, local_ids.data(), local_scores.data());
  for (auto& id : local_ids)
    if (id >= 0) id += begin_;
  merge_shards(local_ids, local_scores, n, k, higher_is_better(metric_));
  std::copy(local_ids.begin(), local_ids.end(), ids);
  std::copy(local_scores.begin(), local_scores.end(), scores);
}

std::unique_ptr<Index> make_sharded_index(const Matrix& vectors, const IndexConfig& config) {
  if (distributed::size() == 1) return make_index(vectors, config);
  require_index_name(config.type);
  if (vectors.rows() < distributed::size())
    throw InputError("cannot split " + std::to_string(vectors.rows()) + " vectors across " +
                     std::to_string(distributed::size()) + " ranks: each needs at least one");
  IndexConfig shard = config;
  if (shard.type == "ivf" && shard.ivf.nlist == 0) shard.ivf.nlist = ivf_default_nlist(vectors.rows());
  return std::make_unique<ShardedIndex>(vectors, shard);
}

Index& local_index(Index& index) {
  if (auto* sharded = dynamic_cast<ShardedIndex*>(&index)) return sharded->local();
  return index;
}

}  // namespace embkit
