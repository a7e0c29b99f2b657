// embkit ppmi: word vectors from the truncated SVD of a (shifted) PPMI matrix
// with context-distribution smoothing (Levy, Goldberg & Dagan 2015).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "cooccurrence_cli.h"

namespace embkit::cli::ppmi {

struct Options : CooccurrenceCliOptions {
  // Levy, Goldberg & Dagan's setting: window 5 with word2vec's dynamic-window weights.
  Options() {
    window = 5;
    weighting = "dynamic";
  }
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
