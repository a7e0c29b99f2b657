// ShardedIndex: one index split by rows across the MPI ranks of a job, searched
// as one (after faiss's IndexShards; core/distributed.h).
//
// Rank r builds the chosen index (make_index) over its contiguous block of
// rows [begin_r, end_r) (distributed::block_range). A search is collective:
// every rank calls it with the same queries (rank 0's are broadcast, so they
// are the same bit for bit), searches its shard for the k best, maps its ids
// back to global rows (id + begin_r), and the n × k (id, score) lists of all
// shards are gathered (Allgatherv) and merged into the k best per query,
// ordered as one index orders them (best score first, equal scores by
// ascending id). For exact search, the merged list is the single index's list:
// the global top k is among the union of the shards' top k. Approximate
// indexes search each shard at the same parameters; probing N smaller indexes
// finds at least as many true neighbours as probing one (docs/distributed.md).
//
// Every rank returns the merged result. Cost per search: n·k·12 bytes sent
// per rank plus the n·dim queries from rank 0.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "eval/knn_factory.h"

namespace embkit {

class ShardedIndex : public Index {
 public:
  // Builds this rank's shard of `vectors` (all ranks pass the whole matrix;
  // the shard copies its block, so `vectors` may be freed afterwards).
  ShardedIndex(const Matrix& vectors, const IndexConfig& config);

  std::uint64_t memory_bytes() const override { return local_->memory_bytes(); }
  std::string describe() const override;
  // This rank's index, for its search-time settings (HnswIndex::set_ef_search, ...).
  Index& local() { return *local_; }
  std::int64_t begin() const { return begin_; }

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  Matrix rows_copy_;  // this rank's rows; the local index may borrow them
  std::int64_t begin_;
  std::unique_ptr<Index> local_;
};

// The merge step on its own, for searches that are not an Index (the sparse
// k-NN of eval/classify.h): `ids` and `scores` hold this rank's n × k best
// (global ids, −1 padding) on entry and the merged n × k of all ranks on
// return, best first, equal scores by ascending id. Collective; a no-op on
// one process.
template <class Score>
void merge_shards(std::vector<std::int64_t>& ids, std::vector<Score>& scores, std::int64_t n, std::int64_t k,
                  bool higher_is_better);

// make_index on one process; a ShardedIndex when the job has several ranks.
// IVF's nlist = 0 (automatic) is resolved from all the rows, as one process
// would, so every shard has the same nlist. Throws InputError when there are
// fewer rows than ranks.
std::unique_ptr<Index> make_sharded_index(const Matrix& vectors, const IndexConfig& config);

// The index whose search-time settings apply: `index` itself, or this rank's
// shard of a ShardedIndex.
Index& local_index(Index& index);

}  // namespace embkit
