// embkit svd: truncated SVD of a Matrix Market matrix, A ≈ U Σ Vᵀ.
#pragma once

#include <string>

#include "cli.h"
#include "factorization/randomized_svd.h"

namespace embkit::cli::svd {

struct Options {
  std::string input;     // .mtx or .npz
  SvdOptions svd;        // --dim is its rank
  std::string output;    // U (rows × k) as .npy (float32)
  std::string output_v;  // optional V (cols × k) .npy
  std::string output_s;  // optional singular values, one per line
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::svd
