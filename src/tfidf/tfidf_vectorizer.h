// TfidfVectorizer: documents → TF-IDF weighted document-term matrix.
//
// Counting (tokenization, vocabulary, min_df / max_df / max_features, term
// order) is CountVectorizer's, i.e. scikit-learn's; the weighting is a SMART
// scheme (smart_weighting.h). With the default scheme "nsc" the result equals
// sklearn.feature_extraction.text.TfidfVectorizer() entry by entry:
//     w(d, t) = c(d, t) · (ln((1 + N) / (1 + df_t)) + 1),  rows L2-normalized,
// and "lsc" equals TfidfVectorizer(sublinear_tf=True). df and N are taken on
// the fitted documents after pruning, as sklearn does.
//
// fit_transform() learns vocabulary and idf; transform() weights new documents
// with them (unknown terms ignored), so a train → test split is weighted as in
// sklearn's fit(train).transform(test).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/sparse.h"
#include "text/count_vectorizer.h"
#include "tfidf/smart_weighting.h"

namespace embkit {

struct TfidfOptions {
  CountVectorizerOptions counting;  // tokens, lowercase, min/max df, max_features, threads
  SmartWeighting weighting;         // default "nsc" = sklearn
};

struct TfidfTimings {
  double counting_seconds = 0;  // tokenize + count + prune (CountVectorizer)
  double weighting_seconds = 0; // tf, idf, normalization
};

class TfidfVectorizer {
 public:
  explicit TfidfVectorizer(TfidfOptions options = {});

  // Learns the vocabulary and idf from `docs`; returns their weighted matrix
  // (documents × terms, CSR, rows in input order).
  SparseMatrix fit_transform(const std::vector<std::string>& docs);
  // Weights `docs` with the fitted vocabulary and idf. std::logic_error if unfitted.
  SparseMatrix transform(const std::vector<std::string>& docs) const;

  const std::vector<std::string>& terms() const { return counter_.terms(); }
  const std::vector<std::int64_t>& df() const { return df_; }
  const Eigen::VectorXd& idf() const { return idf_; }
  std::int64_t fitted_documents() const { return n_docs_; }
  const TfidfOptions& options() const { return options_; }
  const TfidfTimings& timings() const { return timings_; }

  // The formula actually applied, with N filled in, one line.
  std::string formula() const;

 private:
  // Applies tf, idf and normalization to raw counts in place. `docs` is used
  // only by the 'r' tf, which divides by each document's full token count.
  void weight(SparseMatrix& counts, const std::vector<std::string>& docs) const;

  TfidfOptions options_;
  CountVectorizer counter_;
  std::vector<std::int64_t> df_;
  Eigen::VectorXd idf_;
  std::int64_t n_docs_ = 0;
  TfidfTimings timings_;
};

// Writes `X` as SciPy .npz when `matrix_path` ends in ".npz", otherwise as
// Matrix Market with the formula in its comment; and beside it the terms file
// (see terms_path): a plain TSV, the header row "term<TAB>df<TAB>idf", then one
// row per column in column order (pandas.read_csv(path, sep='\t') reads it).
// Both atomic.
void write_tfidf(const SparseMatrix& X, const TfidfVectorizer& vectorizer,
                 const std::string& matrix_path);
// "X.mtx" or "X.npz" → "X.terms.tsv" (the extension, if any, is replaced).
std::string terms_path(const std::string& matrix_path);

}  // namespace embkit
