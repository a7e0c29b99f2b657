#include "encoding/bag_of_words.h"

#include "core/error.h"
#include "core/text.h"

namespace embkit {

BagOfWordsEncoder::BagOfWordsEncoder(CountVectorizerOptions options, UnknownPolicy unknown)
    : vectorizer_(options), unknown_(unknown) {}

SparseMatrix BagOfWordsEncoder::fit_transform(const std::vector<std::string>& docs) {
  DocumentTermCounts fitted = vectorizer_.fit_transform(docs);
  SparseMatrix counts;
  counts.swap(fitted.counts);  // Eigen 3.4's SparseMatrix copies on move; swap does not
  return counts;
}

SparseMatrix BagOfWordsEncoder::transform(const std::vector<std::string>& docs,
                                          const std::string& source,
                                          const std::vector<std::uint64_t>& lines) const {
  if (unknown_ == UnknownPolicy::Error) {
    // A term pruned by min_df/max_df/max_features is unknown too: it has no column.
    for (std::size_t i = 0; i < docs.size(); ++i) {
      for (const std::string& term : vectorizer_.analyze(docs[i])) {
        if (vectorizer_.column(term) >= 0) continue;
        const std::string message = "unknown term " + quote_input(term) +
                                    " (not in the fitted vocabulary; use " + param("unknown") + " ignore to drop it)";
        if (i < lines.size()) throw_input_error(source, lines[i], message);
        throw InputError(located(source, 0, "document " + std::to_string(i + 1) + ": " + message));
      }
    }
  }
  return vectorizer_.transform(docs);
}

}  // namespace embkit
