// embkit ppmi: word vectors from the truncated SVD of a (shifted) PPMI matrix
// with context-distribution smoothing (Levy, Goldberg & Dagan 2015).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::ppmi {

struct Options {
  std::string input;
  std::string output;
  std::int64_t min_count = 5;
  std::int64_t max_vocab = 0;
  int window = 5;
  std::string weighting = "dynamic";
  int dim = 300;
  double cds = 0.75;
  double shift = 1.0;
  double sigma_power = 0.5;
  bool add_context = false;
  int oversample = 10;
  int power_iters = 4;
  std::string solver = "subspace";
  std::string max_memory = "0";
  int threads = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::ppmi
