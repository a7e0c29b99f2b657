#include "eval/classify.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "core/distributed.h"
#include "core/error.h"
#include "core/parallel.h"
#include "eval/sharded_index.h"

namespace embkit {

TieRule parse_tie_rule(const std::string& name) {
  if (name == "nearest") return TieRule::Nearest;
  if (name == "smallest-label" || name == "sklearn") return TieRule::SmallestLabel;
  throw UsageError("unknown tie rule '" + name + "' (expected nearest or smallest-label)");
}

const char* tie_rule_name(TieRule rule) { return rule == TieRule::Nearest ? "nearest" : "smallest-label"; }

SplitLabels encode_split_labels(const std::vector<std::string>& train, const std::vector<std::string>& test) {
  std::vector<std::string> all = train;
  all.insert(all.end(), test.begin(), test.end());
  SplitLabels split;
  split.classes = encode_labels(all);
  split.train = lookup_labels(split.classes, train);
  split.test = lookup_labels(split.classes, test);
  return split;
}

ClassLabels encode_labels(const std::vector<std::string>& labels) {
  ClassLabels classes;
  classes.names = labels;
  std::sort(classes.names.begin(), classes.names.end());
  classes.names.erase(std::unique(classes.names.begin(), classes.names.end()),
                      classes.names.end());
  classes.ids = lookup_labels(classes, labels);
  return classes;
}

std::vector<int> lookup_labels(const ClassLabels& classes, const std::vector<std::string>& labels) {
  std::vector<int> ids;
  ids.reserve(labels.size());
  for (const std::string& label : labels) {
    const auto it = std::lower_bound(classes.names.begin(), classes.names.end(), label);
    ids.push_back(it != classes.names.end() && *it == label
                      ? static_cast<int>(it - classes.names.begin())
                      : -1);
  }
  return ids;
}

namespace {

// Majority vote over each row of `ids` (n × k, best first, −1 padding).
std::vector<int> vote(const IdMatrix& ids, const std::vector<int>& train_classes, int n_classes,
                      TieRule tie_rule) {
  const std::int64_t k = ids.cols();
  std::vector<int> predicted(static_cast<std::size_t>(ids.rows()), -1);
  std::vector<int> votes(static_cast<std::size_t>(n_classes));
  std::vector<std::int64_t> first_rank(static_cast<std::size_t>(n_classes));
  for (std::int64_t i = 0; i < ids.rows(); ++i) {
    std::fill(votes.begin(), votes.end(), 0);
    std::fill(first_rank.begin(), first_rank.end(), k);
    for (std::int64_t r = 0; r < k; ++r) {
      const std::int64_t id = ids(i, r);
      if (id < 0) break;
      const auto c = static_cast<std::size_t>(train_classes[static_cast<std::size_t>(id)]);
      ++votes[c];
      first_rank[c] = std::min(first_rank[c], r);
    }
    int best = -1;
    for (int c = 0; c < n_classes; ++c) {
      if (votes[c] == 0) continue;
      // Scanning ids upwards, a strictly larger vote always wins; an equal vote
      // wins only under the nearest rule and only if its neighbour ranks first.
      if (best < 0 || votes[c] > votes[best] ||
          (votes[c] == votes[best] && tie_rule == TieRule::Nearest && first_rank[c] < first_rank[best]))
        best = c;
    }
    predicted[static_cast<std::size_t>(i)] = best;
  }
  return predicted;
}

// k for a search of `train` (one class per row) with `test` rows of the same width.
std::int64_t effective_k(const KnnClassifierOptions& options, std::int64_t train_rows,
                         std::size_t train_classes, std::int64_t train_cols, std::int64_t test_cols) {
  EMBKIT_CHECK(static_cast<std::int64_t>(train_classes) == train_rows, "one class per training row");
  EMBKIT_CHECK(train_cols == test_cols, "train and test dimensions agree");
  if (options.k < 1) throw ParameterError("k", "must be at least 1, got " + std::to_string(options.k));
  return std::min<std::int64_t>(options.k, train_rows);
}

}  // namespace

std::vector<int> knn_classify(const Matrix& train, const std::vector<int>& train_classes,
                              int n_classes, const Matrix& test,
                              const KnnClassifierOptions& options) {
  const std::int64_t k = effective_k(options, train.rows(), train_classes.size(), train.cols(), test.cols());
  IndexConfig config;
  config.metric = Metric::Cosine;
  config.threads = options.threads;
  // Under mpirun each rank searches its block of the training rows.
  const std::unique_ptr<Index> index = make_sharded_index(train, config);
  return vote(index->search(test, k).ids, train_classes, n_classes, options.tie_rule);
}

std::vector<int> knn_classify_sparse(const SparseMatrix& train, const std::vector<int>& train_classes,
                                     int n_classes, const SparseMatrix& test,
                                     const KnnClassifierOptions& options) {
  const std::int64_t k = effective_k(options, train.rows(), train_classes.size(), train.cols(), test.cols());
  Eigen::VectorXd inv_norm(train.rows());
  for (Eigen::Index i = 0; i < train.rows(); ++i) {
    const double norm = train.row(i).norm();
    inv_norm(i) = norm > 0 ? 1.0 / norm : 0.0;
  }
  const SparseMatrix train_t = train.transpose();
  // Under mpirun each rank ranks its block of the training rows [first, last),
  // and merge_shards keeps the k best of all blocks (the same ids as one
  // process: ties go to the lower id in both).
  const distributed::Range shard = distributed::my_range(static_cast<std::size_t>(train.rows()));
  const std::int64_t first = static_cast<std::int64_t>(shard.begin), last = static_cast<std::int64_t>(shard.end);
  const std::int64_t local_k = std::min(k, last - first);
  std::vector<std::int64_t> ids(static_cast<std::size_t>(test.rows() * k), -1);
  std::vector<double> best(ids.size(), -std::numeric_limits<double>::infinity());
  const std::int64_t block = 128;
  ExceptionCapture capture;
#pragma omp parallel for schedule(dynamic, 1) num_threads(resolve_threads(options.threads))
  for (std::int64_t start = 0; start < test.rows(); start += block) {
    capture.run([&] {
      const std::int64_t count = std::min(block, test.rows() - start);
      const Eigen::MatrixXd scores = Eigen::MatrixXd(test.middleRows(start, count) * train_t);
      // Double-precision ranking (as scikit-learn's float64 distances): a
      // float key would merge near-equal cosines into ties.
      std::vector<std::pair<double, std::int64_t>> ranked(static_cast<std::size_t>(last - first));
      const auto better = [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      };
      for (std::int64_t i = 0; i < count; ++i) {
        // The test row's own norm does not change its ranking.
        for (std::int64_t j = first; j < last; ++j)
          ranked[static_cast<std::size_t>(j - first)] = {scores(i, j) * inv_norm(j), j};
        std::partial_sort(ranked.begin(), ranked.begin() + local_k, ranked.end(), better);
        for (std::int64_t r = 0; r < local_k; ++r) {
          const std::size_t at = static_cast<std::size_t>((start + i) * k + r);
          best[at] = ranked[static_cast<std::size_t>(r)].first;
          ids[at] = ranked[static_cast<std::size_t>(r)].second;
        }
      }
    });
  }
  capture.rethrow();
  merge_shards(ids, best, test.rows(), k, true);
  return vote(Eigen::Map<const IdMatrix>(ids.data(), test.rows(), k), train_classes, n_classes, options.tie_rule);
}

ClassificationReport score_predictions(const std::vector<int>& truth,
                                       const std::vector<int>& predicted,
                                       const std::vector<std::string>& names) {
  EMBKIT_CHECK(truth.size() == predicted.size(), "one prediction per document");
  const std::size_t n_classes = names.size();
  std::vector<std::int64_t> tp(n_classes), fp(n_classes), fn(n_classes);
  std::vector<bool> occurs(n_classes, false);
  ClassificationReport report;
  report.total = static_cast<std::int64_t>(truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const int t = truth[i], p = predicted[i];
    if (t >= 0) occurs[static_cast<std::size_t>(t)] = true;
    if (p >= 0) occurs[static_cast<std::size_t>(p)] = true;
    if (t >= 0 && t == p) {
      ++report.correct;
      ++tp[static_cast<std::size_t>(t)];
    } else {
      if (t >= 0) ++fn[static_cast<std::size_t>(t)];
      if (p >= 0) ++fp[static_cast<std::size_t>(p)];
    }
  }
  report.accuracy = report.total > 0 ? static_cast<double>(report.correct) / report.total : 0.0;
  double f1_sum = 0;
  std::size_t counted = 0;
  for (std::size_t c = 0; c < n_classes; ++c) {
    ClassScores s;
    s.name = names[c];
    s.support = tp[c] + fn[c];
    s.precision = tp[c] + fp[c] > 0 ? static_cast<double>(tp[c]) / (tp[c] + fp[c]) : 0.0;
    s.recall = tp[c] + fn[c] > 0 ? static_cast<double>(tp[c]) / (tp[c] + fn[c]) : 0.0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    if (occurs[c]) {
      f1_sum += s.f1;
      ++counted;
    }
    report.classes.push_back(s);
  }
  report.macro_f1 = counted > 0 ? f1_sum / static_cast<double>(counted) : 0.0;
  return report;
}

}  // namespace embkit
