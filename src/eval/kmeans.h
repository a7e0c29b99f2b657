// k-means (Lloyd 1982) for the IVF coarse quantizer, or any other use.
//
// Initial centroids are distinct rows drawn at random (as faiss does; k-means++
// costs O(n·k) per centroid). Each iteration assigns every point to its
// nearest centroid with the blocked exact search (one GEMM per block) and moves
// each centroid to the mean of its points. With `spherical` the centroids are
// renormalised to unit length after each update (spherical k-means, Dhillon &
// Modha 2001), the right choice for cosine similarity. An empty cluster is
// re-seeded with a random point, so all k centroids stay in use.
// Training uses at most `max_points_per_centroid · k` sampled rows (faiss's
// default of 256), which bounds the cost on large inputs.
#pragma once

#include <cstdint>
#include <vector>

#include "core/embeddings.h"

namespace embkit {

struct KMeansParams {
  int clusters = 16;
  int iterations = 20;
  bool spherical = false;
  std::int64_t max_points_per_centroid = 256;
  std::uint64_t seed = 1;
  int threads = 0;
};

struct KMeansResult {
  Matrix centroids;                     // clusters × dim
  std::vector<std::int32_t> assignment; // nearest centroid of every input row
  double objective = 0;                 // over all rows: Σ squared distance (or Σ 1 − cos)
};

// Throws UsageError if clusters < 1 or clusters > rows.
KMeansResult kmeans(const Matrix& data, const KMeansParams& params);

}  // namespace embkit
