// embkit glove: GloVe word vectors (Pennington, Socher & Manning 2014).
// Counts co-occurrences (factorization/cooccurrence.h), then trains with
// AdaGrad and Hogwild threads (factorization/glove.h); writes W + W̃.
#pragma once

#include <string>

#include "cli.h"
#include "cooccurrence_cli.h"
#include "factorization/glove.h"

namespace embkit::cli::glove {

struct Options {
  CorpusOptions corpus;
  GloveOptions glove;            // training and counting settings, with their defaults
  std::string vectors = "sum";   // sum (W + W̃) | word (W)
  std::string checkpoint;        // written after every epoch
  std::string resume;            // continue from this checkpoint
  bool json = false;             // --json: a summary object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::glove
