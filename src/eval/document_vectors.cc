#include "eval/document_vectors.h"

namespace embkit {

Matrix mean_word_vectors(const Embeddings& words, const LabelLookup& lookup, const std::vector<std::string>& texts,
                         Tokenizer tokenize, std::int64_t* empty_documents) {
  Matrix features = Matrix::Zero(static_cast<Eigen::Index>(texts.size()), words.dim());
  std::vector<std::string> tokens;
  std::int64_t empty = 0;
  for (std::size_t d = 0; d < texts.size(); ++d) {
    const auto row = static_cast<Eigen::Index>(d);
    tokens.clear();
    tokenize(texts[d], tokens);
    std::int64_t known = 0;
    for (const std::string& token : tokens) {
      const std::int64_t word = lookup.find(token);
      if (word < 0) continue;
      features.row(row) += words.vectors.row(word);
      ++known;
    }
    if (known > 0)
      features.row(row) /= static_cast<float>(known);
    else
      ++empty;
  }
  if (empty_documents) *empty_documents = empty;
  return features;
}

}  // namespace embkit
