#include "factorization/ppmi.h"

#include <cmath>

#include "core/error.h"

namespace embkit {

void PpmiOptions::validate() const {
  cooccurrence.validate();
  require_between("cds_alpha", cds_alpha, 1e-6, 1);
  require_between("shift", shift, 1, 1e9);
}

void PpmiSvdOptions::validate() const {
  require_at_least("dim", dim, 1);
  require_between("sigma_power", sigma_power, 0, 1);
  SvdOptions with_rank = svd;
  with_rank.rank = dim;
  with_rank.validate();
}

SparseMatrix ppmi_matrix(const Cooccurrence& counts, const PpmiOptions& o) {
  o.validate();
  const std::vector<double> marginal = counts.row_sums();  // #w = #c: X is symmetric
  double smoothed_total = 0;
  std::vector<double> smoothed(marginal.size());
  for (std::size_t c = 0; c < marginal.size(); ++c) {
    smoothed[c] = std::pow(marginal[c], o.cds_alpha);
    smoothed_total += smoothed[c];
  }
  const double log_shift = std::log(o.shift);
  std::vector<Triplet> triplets;
  triplets.reserve(counts.upper.size() * 2);
  auto add = [&](std::uint32_t w, std::uint32_t c, double x) {
    const double pmi = std::log(x * smoothed_total / (marginal[w] * smoothed[c])) - log_shift;
    if (pmi > 0) triplets.emplace_back(static_cast<int>(w), static_cast<int>(c), pmi);
  };
  for (const CooccurrenceEntry& e : counts.upper) {
    if (!(e.value > 0)) continue;
    add(e.row, e.col, e.value);
    // With smoothing, PMI(w,c) ≠ PMI(c,w): the mirrored cell is computed, not copied.
    if (e.row != e.col) add(e.col, e.row, e.value);
  }
  SparseMatrix m(static_cast<Eigen::Index>(counts.size), static_cast<Eigen::Index>(counts.size));
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

Matrix ppmi_svd_vectors(const SvdResult& svd, const PpmiSvdOptions& o) {
  const Eigen::VectorXd scale = svd.S.array().pow(o.sigma_power);
  MatrixD w = svd.U * scale.asDiagonal();
  if (o.add_context) w += svd.V * scale.asDiagonal();
  return w.cast<float>();
}

Embeddings ppmi_word_vectors(const std::string& corpus, const VocabularyOptions& vocabulary,
                             const PpmiOptions& options, const PpmiSvdOptions& vectors) {
  options.validate();
  vectors.validate();
  const Vocabulary vocab = corpus_vocabulary(corpus, vocabulary);
  if (vocab.size() < vectors.dim)
    throw InputError(located(corpus, 0, "the vocabulary has " + std::to_string(vocab.size()) + " words, fewer than " +
                                            param("dim") + " " + std::to_string(vectors.dim) + "; lower " + param("dim")));
  const SparseMatrix pmi = ppmi_matrix(count_cooccurrence(corpus, vocab, options.cooccurrence), options);
  if (pmi.nonZeros() == 0)
    throw InputError(located(corpus, 0, "the PPMI matrix has no positive cell; lower " + param("shift") +
                                            " or use a larger corpus"));
  SvdOptions svd = vectors.svd;
  svd.rank = vectors.dim;
  svd.split_ranks = false;  // every MPI rank factorizes alone: one process's vectors, bit for bit
  return Embeddings(vocab.words(), ppmi_svd_vectors(randomized_svd(pmi, svd), vectors));
}

}  // namespace embkit
