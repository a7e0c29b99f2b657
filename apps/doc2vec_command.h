// embkit doc2vec: Paragraph Vectors (PV-DBOW, PV-DM; word2vec/doc2vec.h), one
// vector per document in input order.
#pragma once

#include <string>

#include "cli.h"
#include "word2vec/doc2vec.h"

namespace embkit::cli::doc2vec {

struct Options {
  Doc2VecArgs args;            // hyperparameters, with gensim's defaults
  std::string input;           // documents: lines, label<TAB>text or <doc> blocks
  std::string format = "auto";
  std::string output;          // document vectors
  std::string words_output;    // word vectors (PV-DM or --dbow-words)
  std::string labels_out;
  std::string save_model;      // write the trained model (for --infer)
  std::string infer;           // new documents: infer their vectors with --load-model instead of training
  std::string load_model;
  int expected_dim = 0;        // --dim given with --infer: the model must have it
  bool json = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::doc2vec
