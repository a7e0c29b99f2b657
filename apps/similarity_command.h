// embkit similarity: Spearman's ρ between cosine similarity and human scores on
// word-pair datasets (eval/similarity.h has the protocol).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"
#include "eval/similarity.h"

namespace embkit::cli::similarity {

struct Options {
  std::string vectors;
  std::vector<std::string> datasets;
  SimilarityOptions similarity;  // --restrict, --case-sensitive, with their defaults
  bool json = false;
  bool show_oov = false;
  bool quiet = false;  // no out-of-vocabulary notes on stderr
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::similarity
