// Document vectors from word vectors: the mean of the vectors of a document's
// tokens, the "avg" features of `embkit classify` and `embkit compare`.
//
// Each text is split by `tokenize` (classify and compare pass scikit-learn's
// tokenizer, text/sklearn_tokenizer.h: lowercase runs of ≥ 2 word characters; eval
// depends on core only, so the tokenizer comes from the caller), and its tokens
// are looked up through a LabelLookup (classify and compare look up
// case-insensitively); tokens without a vector are skipped. A document with no
// known token is the zero vector, which has cosine 0 with everything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/embeddings.h"
#include "eval/label_lookup.h"

namespace embkit {

// One row per text, words.dim() columns. `empty_documents`, if given, receives
// how many texts had no known token.
using Tokenizer = void (*)(std::string_view text, std::vector<std::string>& tokens);
Matrix mean_word_vectors(const Embeddings& words, const LabelLookup& lookup, const std::vector<std::string>& texts,
                         Tokenizer tokenize, std::int64_t* empty_documents = nullptr);

// Each text's tokens, in order, as rows of `lookup`'s embeddings (-1 for a
// token without a vector): the input of weighted means such as SIF
// (factorization/sif.h).
std::vector<std::vector<std::int64_t>> document_word_rows(const LabelLookup& lookup,
                                                          const std::vector<std::string>& texts, Tokenizer tokenize);

}  // namespace embkit
