// embkit sif: SIF document vectors from word vectors (factorization/sif.h):
// a/(a + p(w))-weighted means of the documents' word vectors, minus their
// projection on the first principal direction.
#pragma once

#include <string>

#include "cli.h"
#include "factorization/sif.h"

namespace embkit::cli::sif {

struct Options {
  std::string vectors;     // word vectors
  std::string input;       // documents: lines, label<TAB>text or <doc> blocks
  std::string output;      // one vector per document, in input order
  std::string format = "auto";
  std::string counts;      // word<TAB>count (embkit vocab); empty = p(w) from the documents
  std::string labels_out;
  SifOptions sif;          // a, components, SVD seed and threads, with their defaults
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::sif
