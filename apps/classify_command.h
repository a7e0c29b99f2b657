// embkit classify: k-NN document classification (eval/classify.h) on features
// built from the documents:
//   avg:VECTORS  mean of the word vectors of the document's tokens
//                (eval/document_vectors.h; case-insensitive lookup)
//   sif:VECTORS  SIF (factorization/sif.h) over the training and test
//                documents together, p(w) from their tokens
//   doc:VECTORS  one row per document, training documents first then test
//                documents, in file order (a document-embedding trainer's output)
//   doc2vec:MODEL every training and test document inferred with a saved
//                doc2vec model (word2vec/doc2vec.h, --seed)
//   tfidf        scikit-learn's TfidfVectorizer() fitted on the training documents,
//                k-NN on the sparse rows
//   lsa:DIM      LSA fitted on the training documents (factorization/lsa.h)
#pragma once

#include <string>

#include "cli.h"
#include "eval/classify.h"
#include "factorization/lsa.h"

namespace embkit::cli::classify {

struct Options {
  std::string train;
  std::string test;
  std::string features;
  KnnClassifierOptions knn;  // --k, --tie-rule, --threads, with their defaults
  LsaOptions lsa;            // lsa:DIM's model; --seed seeds its SVD
  bool json = false;
  bool per_class = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::classify
