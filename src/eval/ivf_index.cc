#include "eval/ivf_index.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/parallel.h"
#include "core/signals.h"
#include "eval/exact_index.h"
#include "eval/kmeans.h"
#include "eval/knn_topk.h"

namespace embkit {

int ivf_default_nlist(std::int64_t rows) {
  return static_cast<int>(std::max<double>(1, std::round(4 * std::sqrt(static_cast<double>(rows)))));
}

IvfIndex::IvfIndex(const Matrix& vectors, Metric metric, const IvfParams& params, int threads)
    : Index("ivf", metric, vectors.rows(), vectors.cols()), params_(params) {
  set_threads(threads);
  if (rows_ == 0) throw InputError("ivf: cannot build an index over zero rows");
  if (params_.nlist < 0) throw UsageError("ivf: nlist must not be negative, got " + std::to_string(params_.nlist));
  if (params_.nlist == 0) params_.nlist = ivf_default_nlist(rows_);
  params_.nlist = static_cast<int>(std::min<std::int64_t>(params_.nlist, rows_));
  set_nprobe(params.nprobe);
  KMeansParams km;
  km.clusters = params_.nlist;
  km.iterations = params_.iterations;
  km.spherical = metric == Metric::Cosine;
  km.seed = params_.seed;
  km.threads = threads;
  // Inner product search uses the same cells as L2 (a common approximation).
  KMeansResult clusters = kmeans(vectors, km);
  centroids_ = std::move(clusters.centroids);
  // Built once: the exact index packs its rows, which a single-query search
  // should not pay for on every call.
  coarse_ = std::make_unique<ExactIndex>(centroids_, metric_ == Metric::Dot ? Metric::L2 : metric_);
  offsets_.assign(static_cast<std::size_t>(params_.nlist) + 1, 0);
  for (std::int32_t c : clusters.assignment) ++offsets_[c + 1];
  for (int c = 0; c < params_.nlist; ++c) offsets_[c + 1] += offsets_[c];
  std::vector<std::int64_t> fill(offsets_.begin(), offsets_.end() - 1);
  list_vectors_.resize(rows_, dim_);
  list_ids_.resize(static_cast<std::size_t>(rows_));
  for (std::int64_t i = 0; i < rows_; ++i) {
    const std::int64_t slot = fill[clusters.assignment[i]]++;
    list_ids_[slot] = i;
    list_vectors_.row(slot) = vectors.row(i);
    if (metric_ == Metric::Cosine) {
      const float norm = list_vectors_.row(slot).norm();
      if (norm > 0) list_vectors_.row(slot) /= norm;
    }
  }
}

void IvfIndex::set_nprobe(int nprobe) {
  if (nprobe < 1) throw UsageError("ivf: nprobe must be at least 1, got " + std::to_string(nprobe));
  params_.nprobe = std::min(nprobe, params_.nlist);
}

std::uint64_t IvfIndex::memory_bytes() const {
  return static_cast<std::uint64_t>(list_vectors_.size() + centroids_.size()) * sizeof(float) +
         (list_ids_.size() + offsets_.size()) * sizeof(std::int64_t) + coarse_->memory_bytes();
}

std::string IvfIndex::describe() const {
  return "nlist=" + std::to_string(params_.nlist) + " nprobe=" + std::to_string(params_.nprobe);
}

void IvfIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                           float* scores) const {
  // Coarse step for the whole batch: the nprobe nearest centroids per query.
  IdMatrix probes(n, params_.nprobe);
  Matrix probe_scores(n, params_.nprobe);
  coarse_->search_with_threads(threads_, queries, n, params_.nprobe, probes.data(), probe_scores.data());

  const int threads = std::max(1, std::min<int>(resolve_threads(threads_), static_cast<int>(n)));
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    TopK heap;
    std::vector<float> query(static_cast<std::size_t>(dim_));
    for_each_item(n, capture, [&](std::int64_t i) {
      load_query(queries + i * dim_, dim_, metric_, query.data());
      heap.reset(k);
      for (int p = 0; p < params_.nprobe; ++p) {
        const std::int64_t list = probes(i, p);
        if (list < 0) continue;
        for (std::int64_t slot = offsets_[list]; slot < offsets_[list + 1]; ++slot) {
          const float key = similarity_key(metric_, query.data(), list_vectors_.row(slot).data(), dim_);
          if (key >= heap.threshold()) heap.push(key, list_ids_[slot]);
        }
      }
      heap.write(metric_, ids + i * k, scores + i * k);
    });
  }
  capture.rethrow();
}

}  // namespace embkit
