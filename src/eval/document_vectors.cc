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

std::vector<std::vector<std::int64_t>> document_word_rows(const LabelLookup& lookup,
                                                          const std::vector<std::string>& texts, Tokenizer tokenize) {
  std::vector<std::vector<std::int64_t>> rows(texts.size());
  std::vector<std::string> tokens;
  for (std::size_t d = 0; d < texts.size(); ++d) {
    tokens.clear();
    tokenize(texts[d], tokens);
    rows[d].reserve(tokens.size());
    for (const std::string& token : tokens) rows[d].push_back(lookup.find(token));
  }
  return rows;
}

}  // namespace embkit
