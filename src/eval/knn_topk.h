// TopK: a bounded heap that keeps the k best (key, id) pairs seen so far.
//
// "Better" means a higher ranking key (see metric.h), and on equal keys the
// lower id — the tie rule every index promises. The heap's top is the worst
// kept pair, so a candidate is tested against one number (threshold()) and
// rejected in O(1) in the common case; an accepted one costs O(log k).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "eval/metric.h"

namespace embkit {

struct ScoredId {
  float key;
  std::int64_t id;
};

// Strict "a ranks before b": higher key first, then lower id.
inline bool ranks_before(const ScoredId& a, const ScoredId& b) {
  return a.key > b.key || (a.key == b.key && a.id < b.id);
}

class TopK {
 public:
  explicit TopK(std::int64_t k = 1) { reset(k); }

  void reset(std::int64_t k) {
    k_ = k;
    heap_.clear();
    heap_.reserve(static_cast<std::size_t>(k));
  }
  // Keys at or below this cannot enter (ties with a lower id already inside
  // are handled by push(), which callers scanning ids upwards never need).
  float threshold() const {
    return full() ? heap_.front().key : -std::numeric_limits<float>::infinity();
  }
  bool full() const { return static_cast<std::int64_t>(heap_.size()) >= k_; }
  std::int64_t size() const { return static_cast<std::int64_t>(heap_.size()); }

  void push(float key, std::int64_t id) {
    ScoredId item{key, id};
    if (!full()) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    } else if (ranks_before(item, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
      heap_.back() = item;
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    }
  }

  // Best first; empties the heap.
  std::vector<ScoredId>& sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
    return heap_;
  }

  // Writes k results (best first, padded with −1 / ∓inf) as public scores.
  void write(Metric metric, std::int64_t* ids, float* scores) {
    const std::vector<ScoredId>& items = sorted();
    const float pad = higher_is_better(metric) ? -std::numeric_limits<float>::infinity()
                                               : std::numeric_limits<float>::infinity();
    for (std::int64_t r = 0; r < k_; ++r) {
      if (r < static_cast<std::int64_t>(items.size())) {
        ids[r] = items[r].id;
        scores[r] = key_to_score(metric, items[r].key);
      } else {
        ids[r] = -1;
        scores[r] = pad;
      }
    }
    heap_.clear();
  }

 private:
  std::int64_t k_ = 1;
  std::vector<ScoredId> heap_;
};

}  // namespace embkit
