// embkit vectors: a vector for any word from a subword model (word2vec
// --subwords --save-model), seen in training or not — fastText's
// print-word-vectors. Each word is looked up as
// u_w = (1/|G_w|) Σ_{g∈G_w} z_g (src/word2vec/subwords.h).
#pragma once

#include <string>

#include "cli.h"

namespace embkit::cli::vectors {

struct Options {
  std::string load_model;  // a subword model file
  std::string words;       // whitespace-separated words, any number per line; - for stdin
  bool json = false;       // one JSON object instead of "word v1 ... vd" lines
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::vectors
