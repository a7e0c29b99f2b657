#include "eval/index.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/named_values.h"

namespace embkit {

namespace {

constexpr NamedValue<Metric> kMetrics[] = {
    {"cosine", Metric::Cosine}, {"dot", Metric::Dot}, {"ip", Metric::Dot}, {"l2", Metric::L2}};

}  // namespace

Metric parse_metric(const std::string& name) {
  if (const std::optional<Metric> metric = find_named(kMetrics, name)) return *metric;
  throw UsageError("unknown metric '" + name + "' (expected " + canonical_names(kMetrics) + ")");
}

const char* metric_name(Metric metric) { return name_of(kMetrics, metric); }

void Index::search(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores, const Exclusions* exclude) const {
  if (k < 1) throw UsageError("k must be at least 1, got " + std::to_string(k));
  if (n < 0) throw UsageError("number of queries must not be negative");
  if (n == 0) return;
  if (exclude == nullptr) {
    search_impl(queries, n, k, ids, scores);
    return;
  }
  if (static_cast<std::int64_t>(exclude->size()) != n)
    throw UsageError("exclusions: expected one list per query (" + std::to_string(n) +
                     "), got " + std::to_string(exclude->size()));
  // Ask for enough extra results that k remain after dropping the excluded ids.
  std::size_t extra = 0;
  for (const auto& list : *exclude) extra = std::max(extra, list.size());
  const std::int64_t wide = k + static_cast<std::int64_t>(extra);
  std::vector<std::int64_t> wide_ids(static_cast<std::size_t>(n * wide));
  std::vector<float> wide_scores(wide_ids.size());
  search_impl(queries, n, wide, wide_ids.data(), wide_scores.data());
  const float pad = higher_is_better(metric()) ? -std::numeric_limits<float>::infinity()
                                               : std::numeric_limits<float>::infinity();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& skip = (*exclude)[static_cast<std::size_t>(i)];
    std::int64_t out = 0;
    for (std::int64_t r = 0; r < wide && out < k; ++r) {
      const std::int64_t id = wide_ids[i * wide + r];
      if (id < 0) break;
      if (std::find(skip.begin(), skip.end(), id) != skip.end()) continue;
      ids[i * k + out] = id;
      scores[i * k + out] = wide_scores[i * wide + r];
      ++out;
    }
    for (; out < k; ++out) {
      ids[i * k + out] = -1;
      scores[i * k + out] = pad;
    }
  }
}

Neighbors Index::search(const Matrix& queries, std::int64_t k, const Exclusions* exclude) const {
  if (queries.rows() > 0 && queries.cols() != dim())
    throw UsageError("queries have dimension " + std::to_string(queries.cols()) +
                     ", the index has " + std::to_string(dim()));
  if (k < 1) throw UsageError("k must be at least 1, got " + std::to_string(k));
  Neighbors result;
  result.ids.resize(queries.rows(), k);
  result.scores.resize(queries.rows(), k);
  search(queries.data(), queries.rows(), k, result.ids.data(), result.scores.data(), exclude);
  return result;
}

}  // namespace embkit
