// Index: the one batch nearest-neighbour search contract (after faiss's Index).
//
// Layout. Queries are n × dim() row-major float32 (`queries[i * dim + j]`).
// Results are n × k row-major: `ids[i * k + r]` is the row (in the indexed
// matrix) of the r-th neighbour of query i and `scores[i * k + r]` its score,
// best first. Where fewer than k results exist (k > size(), or an approximate
// index found fewer candidates), the tail is padded with id −1 and a score of
// −infinity (cosine, dot) or +infinity (L2), so padding always sorts last.
//
// Scores (see metric.h): cosine and dot are similarities, sorted descending;
// L2 is the Euclidean distance, sorted ascending. Equal scores are ordered by
// ascending id, so results are deterministic.
//
// Cosine. Every index accepts raw (unnormalised) rows and queries and
// normalises by itself: the exact index keeps 1/|x| per row and borrows the
// rows; indexes with their own layout store unit rows. If the caller has
// already normalised rows and queries, Metric::Dot gives the same ranking
// without the extra work. All-zero rows or queries score 0, never NaN.
//
// Ownership. ExactIndex and LshIndex borrow the Matrix they were built from
// (they keep a pointer): it must outlive the index and must not change.
// HnswIndex, IvfIndex and KdTreeIndex copy the rows into their own layout
// (graph records, per-list blocks, tree order).
//
// Exclusions. `exclude`, when non-null, has one list per query (size n); ids
// in list i never appear in query i's results — "the query word itself" for
// `knn`, the three question words for analogy search.
//
// Threads. search() parallelises over queries with OpenMP using the thread
// count given by set_threads() (default: all cores, as resolve_threads(0)).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "eval/metric.h"

namespace embkit {

using IdMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Exclusions = std::vector<std::vector<std::int64_t>>;

// The Eigen-based form of the result: ids and scores, both n × k.
struct Neighbors {
  IdMatrix ids;
  Matrix scores;
};

class Index {
 public:
  virtual ~Index() = default;

  // Raw, faiss-style form (see the layout above). `ids` and `scores` must hold
  // n * k elements. Throws UsageError for k < 1 or exclude->size() != n.
  void search(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
              float* scores, const Exclusions* exclude = nullptr) const;

  // Eigen form: `queries` is n × dim().
  Neighbors search(const Matrix& queries, std::int64_t k,
                   const Exclusions* exclude = nullptr) const;

  std::string name() const { return name_; }  // "exact", "hnsw", ...
  std::int64_t size() const { return rows_; }  // number of indexed rows
  std::int64_t dim() const { return dim_; }
  Metric metric() const { return metric_; }
  // Bytes the index holds beyond the borrowed matrix (its own structures).
  virtual std::uint64_t memory_bytes() const = 0;
  // A one-line description of the search-time parameters ("efSearch=40").
  virtual std::string describe() const = 0;

  void set_threads(int threads) { threads_ = threads; }
  int threads() const { return threads_; }

 protected:
  // What every index is, as faiss's Index holds d, ntotal and metric_type; set
  // by each index's constructor (HnswIndex::load: from the file).
  Index(const char* name, Metric metric, std::int64_t rows, std::int64_t dim)
      : name_(name), metric_(metric), rows_(rows), dim_(dim) {}

  // Implemented by each index: results for queries [0, n) with no exclusions.
  // The base class asks for k + |exclude[i]| and filters, which is exact for
  // exact indexes and the usual practice for approximate ones.
  virtual void search_impl(const float* queries, std::int64_t n, std::int64_t k,
                           std::int64_t* ids, float* scores) const = 0;

  const char* name_;
  Metric metric_;
  std::int64_t rows_;
  std::int64_t dim_;
  int threads_ = 0;  // 0 = all cores
};

}  // namespace embkit
