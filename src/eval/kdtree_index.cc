#include "eval/kdtree_index.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/parallel.h"
#include "core/signals.h"
#include "eval/knn_topk.h"

namespace embkit {

KdTreeIndex::KdTreeIndex(const Matrix& vectors, Metric metric, const KdTreeParams& params)
    : Index("kdtree", metric, vectors.rows(), vectors.cols()), params_(params), points_(vectors) {
  if (params.leaf_size < 1) throw UsageError("kdtree: leaf size must be at least 1, got " + std::to_string(params.leaf_size));
  if (metric_ == Metric::Cosine)
    for (std::int64_t i = 0; i < points_.rows(); ++i) {
      const float norm = points_.row(i).norm();
      if (norm > 0) points_.row(i) /= norm;
    }
  ids_.resize(static_cast<std::size_t>(points_.rows()));
  std::iota(ids_.begin(), ids_.end(), 0);
  if (points_.rows() > 0) build(0, points_.rows());
  lower_.resize(static_cast<std::int64_t>(nodes_.size()), points_.cols());
  upper_.resize(static_cast<std::int64_t>(nodes_.size()), points_.cols());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    lower_.row(i) = points_.middleRows(node.begin, node.end - node.begin).colwise().minCoeff();
    upper_.row(i) = points_.middleRows(node.begin, node.end - node.begin).colwise().maxCoeff();
  }
}

std::int32_t KdTreeIndex::build(std::int64_t begin, std::int64_t end) {
  const auto index = static_cast<std::int32_t>(nodes_.size());
  nodes_.push_back({begin, end});
  if (end - begin <= params_.leaf_size) return index;
  const auto block = points_.middleRows(begin, end - begin);
  const Eigen::RowVectorXf spread = block.colwise().maxCoeff() - block.colwise().minCoeff();
  Eigen::Index axis;
  if (spread.maxCoeff(&axis) <= 0) return index;  // all rows identical: a leaf
  // Median split on `axis`: reorder a permutation, then the rows and ids.
  std::vector<std::int64_t> order(static_cast<std::size_t>(end - begin));
  std::iota(order.begin(), order.end(), begin);
  const std::int64_t half = (end - begin) / 2;
  std::nth_element(order.begin(), order.begin() + half, order.end(), [&](std::int64_t a, std::int64_t b) {
    return points_(a, axis) < points_(b, axis) || (points_(a, axis) == points_(b, axis) && a < b);
  });
  Matrix reordered(end - begin, points_.cols());
  std::vector<std::int64_t> reordered_ids(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    reordered.row(static_cast<std::int64_t>(i)) = points_.row(order[i]);
    reordered_ids[i] = ids_[order[i]];
  }
  points_.middleRows(begin, end - begin) = reordered;
  std::copy(reordered_ids.begin(), reordered_ids.end(), ids_.begin() + begin);
  const std::int32_t left = build(begin, begin + half);
  const std::int32_t right = build(begin + half, end);
  nodes_[index].left = left;
  nodes_[index].right = right;
  return index;
}

float KdTreeIndex::bound(const float* query, std::int32_t node) const {
  const float* lo = lower_.row(node).data();
  const float* hi = upper_.row(node).data();
  const std::int64_t d = points_.cols();
  float sum = 0;
  if (metric_ == Metric::L2) {
    for (std::int64_t j = 0; j < d; ++j) {
      const float gap = std::max({lo[j] - query[j], 0.0f, query[j] - hi[j]});
      sum += gap * gap;
    }
    return -sum;
  }
  for (std::int64_t j = 0; j < d; ++j) sum += std::max(query[j] * lo[j], query[j] * hi[j]);
  return sum;
}

std::uint64_t KdTreeIndex::memory_bytes() const {
  return static_cast<std::uint64_t>(points_.size() + lower_.size() + upper_.size()) * sizeof(float) +
         ids_.size() * sizeof(std::int64_t) + nodes_.size() * sizeof(Node);
}

std::string KdTreeIndex::describe() const { return "leaf_size=" + std::to_string(params_.leaf_size); }

void KdTreeIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                              float* scores) const {
  const std::int64_t d = points_.cols();
  const int threads = std::max(1, std::min<int>(resolve_threads(threads_), static_cast<int>(n)));
  std::int64_t scanned_total = 0;
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads) reduction(+ : scanned_total)
  {
    TopK heap;
    std::vector<float> query(static_cast<std::size_t>(d));
    std::vector<std::pair<float, std::int32_t>> stack;  // (bound, node)
    for_each_item(n, capture, [&](std::int64_t i) {
      load_query(queries + i * d, d, metric_, query.data());
      heap.reset(k);
      stack.clear();
      if (!nodes_.empty()) stack.push_back({bound(query.data(), 0), 0});
      while (!stack.empty()) {
        const auto [node_bound, index] = stack.back();
        stack.pop_back();
        // Strict: a subtree whose bound only ties the k-th key may still
        // hold a row with a smaller id, which ranks first.
        if (heap.full() && node_bound < heap.threshold()) continue;
        const Node& node = nodes_[index];
        if (node.left < 0) {
          for (std::int64_t r = node.begin; r < node.end; ++r)
            heap.push(similarity_key(metric_, query.data(), points_.row(r).data(), d), ids_[r]);
          scanned_total += node.end - node.begin;
          continue;
        }
        const float bl = bound(query.data(), node.left), br = bound(query.data(), node.right);
        // Push the more promising child last so it is expanded first.
        if (bl >= br) {
          stack.push_back({br, node.right});
          stack.push_back({bl, node.left});
        } else {
          stack.push_back({bl, node.left});
          stack.push_back({br, node.right});
        }
      }
      heap.write(metric_, ids + i * k, scores + i * k);
    });
  }
  capture.rethrow();
  last_scanned_fraction_ =
      points_.rows() > 0 ? static_cast<double>(scanned_total) / (static_cast<double>(n) * points_.rows()) : 0;
}

}  // namespace embkit
