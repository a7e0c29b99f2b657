// Helpers shared by the k-NN tests: random data and a slow reference search.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/embeddings.h"
#include "core/random.h"
#include "eval/index.h"

namespace embkit::testing {

// n × d Gaussian rows around `clusters` centres, so that neighbours are
// meaningful. The centres depend only on d and clusters, so data and queries
// drawn with different seeds come from the same distribution.
inline Matrix random_matrix(std::int64_t n, std::int64_t d, std::uint64_t seed, int clusters = 20) {
  Rng centre_rng(derive_seed(12345, static_cast<std::uint64_t>(d), static_cast<std::uint64_t>(clusters)));
  Matrix centres(clusters, d);
  for (std::int64_t i = 0; i < centres.size(); ++i) centres.data()[i] = static_cast<float>(centre_rng.normal());
  Rng rng(seed);
  Matrix m(n, d);
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t c = static_cast<std::int64_t>(rng.below(clusters));
    for (std::int64_t j = 0; j < d; ++j)
      m(i, j) = centres(c, j) + 0.7f * static_cast<float>(rng.normal());
  }
  return m;
}

// Slow reference: scores every row in double precision, sorts, keeps k.
inline Neighbors reference_search(const Matrix& x, const Matrix& q, std::int64_t k, Metric metric) {
  Neighbors out;
  out.ids = IdMatrix::Constant(q.rows(), k, -1);
  out.scores = Matrix::Zero(q.rows(), k);
  for (std::int64_t i = 0; i < q.rows(); ++i) {
    std::vector<std::pair<double, std::int64_t>> all;
    for (std::int64_t j = 0; j < x.rows(); ++j) {
      double s;
      const Eigen::VectorXd a = q.row(i).cast<double>(), b = x.row(j).cast<double>();
      if (metric == Metric::L2) s = -(a - b).norm();
      else if (metric == Metric::Dot) s = a.dot(b);
      else s = (a.norm() == 0 || b.norm() == 0) ? 0 : a.dot(b) / (a.norm() * b.norm());
      all.push_back({s, j});
    }
    std::sort(all.begin(), all.end(), [](const auto& l, const auto& r) {
      return l.first > r.first || (l.first == r.first && l.second < r.second);
    });
    for (std::int64_t r = 0; r < k && r < static_cast<std::int64_t>(all.size()); ++r) {
      out.ids(i, r) = all[r].second;
      out.scores(i, r) = static_cast<float>(metric == Metric::L2 ? -all[r].first : all[r].first);
    }
  }
  return out;
}

// Mean fraction of the true top-k found (ids compared as sets).
inline double recall_at_k(const Neighbors& truth, const Neighbors& got) {
  double hits = 0;
  for (std::int64_t i = 0; i < truth.ids.rows(); ++i)
    for (std::int64_t r = 0; r < truth.ids.cols(); ++r)
      for (std::int64_t s = 0; s < got.ids.cols(); ++s)
        if (got.ids(i, s) == truth.ids(i, r)) { hits += 1; break; }
  return hits / static_cast<double>(truth.ids.size());
}

}  // namespace embkit::testing
