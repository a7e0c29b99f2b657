#include "eval/kmeans.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/random.h"
#include "core/signals.h"
#include "eval/exact_index.h"

namespace embkit {

namespace {

// Nearest centroid of every row of `data` (blocked exact search, k = 1).
double assign(const Matrix& data, const Matrix& centroids, bool spherical, int threads,
              std::vector<std::int32_t>& assignment) {
  ExactIndex index(centroids, spherical ? Metric::Cosine : Metric::L2);
  index.set_threads(threads);
  const Neighbors nearest = index.search(data, 1);
  assignment.resize(static_cast<std::size_t>(data.rows()));
  double objective = 0;
  for (std::int64_t i = 0; i < data.rows(); ++i) {
    assignment[i] = static_cast<std::int32_t>(nearest.ids(i, 0));
    const double s = nearest.scores(i, 0);
    objective += spherical ? 1.0 - s : s * s;
  }
  return objective;
}

}  // namespace

KMeansResult kmeans(const Matrix& data, const KMeansParams& params) {
  const std::int64_t n = data.rows();
  if (params.clusters < 1) throw UsageError("k-means: clusters must be at least 1, got " + std::to_string(params.clusters));
  if (params.clusters > n)
    throw UsageError("k-means: " + std::to_string(params.clusters) + " clusters for only " + std::to_string(n) +
                     " points");
  Rng rng(derive_seed(params.seed, 0x4b4d));
  // Training sample: a random subset when the input is large.
  const std::int64_t cap = std::max<std::int64_t>(params.clusters, params.max_points_per_centroid * params.clusters);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const std::int64_t sample = std::min(n, cap);
  for (std::int64_t i = 0; i < sample; ++i)  // partial Fisher–Yates
    std::swap(order[i], order[i + static_cast<std::int64_t>(rng.below(n - i))]);
  Matrix train(sample, data.cols());
  for (std::int64_t i = 0; i < sample; ++i) train.row(i) = data.row(order[i]);
  if (params.spherical) {
    for (std::int64_t i = 0; i < sample; ++i) {
      const float norm = train.row(i).norm();
      if (norm > 0) train.row(i) /= norm;
    }
  }
  KMeansResult result;
  result.centroids = train.topRows(params.clusters);  // the sample is already shuffled
  std::vector<std::int64_t> counts;
  for (int iteration = 0; iteration < params.iterations; ++iteration) {
    check_interrupted();
    result.objective = assign(train, result.centroids, params.spherical, params.threads, result.assignment);
    Matrix sums = Matrix::Zero(params.clusters, data.cols());
    counts.assign(static_cast<std::size_t>(params.clusters), 0);
    for (std::int64_t i = 0; i < sample; ++i) {
      sums.row(result.assignment[i]) += train.row(i);
      ++counts[result.assignment[i]];
    }
    for (int c = 0; c < params.clusters; ++c) {
      if (counts[c] == 0) {
        result.centroids.row(c) = train.row(static_cast<std::int64_t>(rng.below(sample)));
        continue;
      }
      result.centroids.row(c) = sums.row(c) / static_cast<float>(counts[c]);
      if (params.spherical) {
        const float norm = result.centroids.row(c).norm();
        if (norm > 0) result.centroids.row(c) /= norm;
      }
    }
  }
  // Final assignment of every input row (not only the training sample).
  result.objective = assign(data, result.centroids, params.spherical, params.threads, result.assignment);
  return result;
}

}  // namespace embkit
