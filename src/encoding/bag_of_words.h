// BagOfWordsEncoder: documents → term counts (or 0/1 with `binary`), with
// fit/transform and the same unknown-value policy as the categorical encoders.
//
// A thin layer over CountVectorizer (scikit-learn's semantics: sorted
// vocabulary, default tokenization, min_df/max_df/max_features). transform()
// with UnknownPolicy::Ignore drops terms outside the fitted vocabulary, as
// sklearn does; with UnknownPolicy::Error the first such term is an InputError
// naming the document's line and the term.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "encoding/categorical_encoder.h"
#include "text/count_vectorizer.h"

namespace embkit {

class BagOfWordsEncoder {
 public:
  explicit BagOfWordsEncoder(CountVectorizerOptions options = {},
                             UnknownPolicy unknown = UnknownPolicy::Ignore);

  // Learns the vocabulary; returns the counts of the fitted documents.
  SparseMatrix fit_transform(const std::vector<std::string>& docs);
  void fit(const std::vector<std::string>& docs) { fit_transform(docs); }
  // `source` and `lines` (line of each document; may be empty) name the place
  // of an unknown term in the error message.
  SparseMatrix transform(const std::vector<std::string>& docs, const std::string& source = "",
                         const std::vector<std::uint64_t>& lines = {}) const;

  const std::vector<std::string>& feature_names() const { return vectorizer_.terms(); }
  const CountVectorizer& vectorizer() const { return vectorizer_; }

 private:
  CountVectorizer vectorizer_;
  UnknownPolicy unknown_;
};

}  // namespace embkit
