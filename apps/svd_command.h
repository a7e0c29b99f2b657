// embkit svd: truncated SVD of a Matrix Market matrix, A ≈ U Σ Vᵀ.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::svd {

struct Options {
  std::string input;     // .mtx
  int dim = 100;
  std::string output;    // U (rows × k) as .npy (float32)
  std::string output_v;  // optional V (cols × k) .npy
  std::string output_s;  // optional singular values, one per line
  int power_iters = 4;
  std::string solver = "subspace";
  int oversample = 10;
  bool exact = false;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::svd
