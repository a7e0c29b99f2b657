// embkit classify: k-NN document classification (eval/classify.h) on features
// built here from the documents:
//   avg:VECTORS  mean of the word vectors of the document's tokens (scikit-
//                learn's tokenizer: lowercase, runs of ≥ 2 word characters;
//                case-insensitive lookup; a document with no known word is the
//                zero vector, which has cosine 0 with everything)
//   doc:VECTORS  one row per document, training documents first then test
//                documents, in file order (a document-embedding trainer's output)
//   tfidf        scikit-learn's TfidfVectorizer() fitted on the training documents,
//                k-NN on the sparse rows (lsa:DIM awaits an LSA library)
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::classify {

struct Options {
  std::string train;
  std::string test;
  std::string features;
  std::int64_t k = 5;
  std::string tie_rule = "nearest";
  bool json = false;
  bool per_class = false;
  int threads = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::classify
