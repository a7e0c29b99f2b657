// Rank correlation for word-similarity evaluation.
//
// Spearman's ρ is Pearson's r computed on ranks (Spearman 1904); tied values
// share the average of the ranks they span ("fractional ranking"), which is
// what scipy.stats.spearmanr — and so gensim's evaluate_word_pairs — does.
#pragma once

#include <vector>

namespace embkit {

// 1-based ranks, ties averaged: {10, 20, 20, 30} → {1, 2.5, 2.5, 4}.
std::vector<double> average_ranks(const std::vector<double>& values);

// Pearson's r = cov(x, y) / (σx σy). NaN when a side is constant or sizes
// differ or fewer than 2 values are given (undefined, as in scipy).
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's ρ = pearson(average_ranks(x), average_ranks(y)).
double spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace embkit
