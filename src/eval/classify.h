// k-nearest-neighbour document classification and its scores.
//
// Each test vector takes the labels of its k most cosine-similar training
// vectors (ExactIndex) and a majority vote decides. Vote ties are broken by
//   TieRule::Nearest        the tied class whose best neighbour ranks first
//                           (the usual "ties to the nearest" rule);
//   TieRule::SmallestLabel  the tied class with the smallest id, i.e. the
//                           first label in sorted order — scikit-learn's
//                           KNeighborsClassifier(weights="uniform"), whose
//                           scipy mode() returns the smallest tied value.
// Class ids are positions in a sorted label list (ClassLabels), as
// scikit-learn's np.unique gives them, so both rules are reproducible.
//
// Scores (as sklearn.metrics): accuracy = correct / n; per class
// precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2PR/(P+R), each 0 when its
// denominator is 0; macro-F1 = mean F1 over the classes that occur in the
// truth or the predictions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/sparse.h"

namespace embkit {

enum class TieRule { Nearest, SmallestLabel };
TieRule parse_tie_rule(const std::string& name);  // "nearest" | "smallest-label"
const char* tie_rule_name(TieRule rule);

// Sorted distinct labels and the id of every input label.
struct ClassLabels {
  std::vector<std::string> names;  // sorted, distinct
  std::vector<int> ids;            // one per input label
};
ClassLabels encode_labels(const std::vector<std::string>& labels);
// Ids of `labels` in an existing class list; -1 for an unknown label.
std::vector<int> lookup_labels(const ClassLabels& classes, const std::vector<std::string>& labels);

// The classes of a labelled train/test pair: over train ∪ test labels, so a
// class seen only in the test set still counts in macro-F1, as in scikit-learn.
struct SplitLabels {
  ClassLabels classes;
  std::vector<int> train;  // class id per training document
  std::vector<int> test;   // class id per test document
  int size() const { return static_cast<int>(classes.names.size()); }
};
SplitLabels encode_split_labels(const std::vector<std::string>& train, const std::vector<std::string>& test);

struct KnnClassifierOptions {
  std::int64_t k = 5;
  TieRule tie_rule = TieRule::Nearest;
  int threads = 0;  // 0 = all cores
};

// Predicted class id per row of `test`. `train` rows and `train_classes`
// (ids in [0, n_classes)) correspond; rows need not be normalised.
std::vector<int> knn_classify(const Matrix& train, const std::vector<int>& train_classes,
                              int n_classes, const Matrix& test,
                              const KnnClassifierOptions& options = {});

// The same classifier on sparse rows (TF-IDF): cosine = x·y / (|x| |y|)
// computed with sparse products, test rows in blocks; equal scores rank the
// lower training row first, as ExactIndex does.
std::vector<int> knn_classify_sparse(const SparseMatrix& train, const std::vector<int>& train_classes,
                                     int n_classes, const SparseMatrix& test,
                                     const KnnClassifierOptions& options = {});

struct ClassScores {
  std::string name;
  double precision = 0, recall = 0, f1 = 0;
  std::int64_t support = 0;  // test documents of this class
};

struct ClassificationReport {
  double accuracy = 0;
  double macro_f1 = 0;
  std::int64_t correct = 0;
  std::int64_t total = 0;
  std::vector<ClassScores> classes;  // every class of `names`
};

// `truth` may hold -1 (a test label never seen in training): always wrong.
ClassificationReport score_predictions(const std::vector<int>& truth,
                                       const std::vector<int>& predicted,
                                       const std::vector<std::string>& names);

}  // namespace embkit
