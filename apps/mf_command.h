// embkit mf: user–item matrix factorization.
//   --algo sgd  explicit ratings, biased MF by SGD (Koren, Bell & Volinsky 2009);
//               reports train/test RMSE as it goes, final test RMSE and MAE;
//               --output-biases writes μ, the clip range and the biases, so that
//               r̂_ui = clip(μ + b_u + b_i + p_u·q_i) can be rebuilt from the files.
//   --algo als  implicit feedback, ratings >= --positive-threshold are positives,
//               weighted ALS (Hu, Koren & Volinsky 2008) with exact or CG solves;
//               reports precision/recall/NDCG/MAP@k beside a most-popular baseline.
// The test set is --test FILE, or a --split of --train (random or leave-last-N).
#pragma once

#include <string>

#include "cli.h"
#include "factorization/als.h"
#include "factorization/mf_sgd.h"

namespace embkit::cli::mf {

struct Options {
  std::string train;
  std::string test;
  std::string split = "none";   // none | random | last  (used only without --test)
  double test_fraction = 0.2;
  int leave_last = 1;
  std::string algo = "sgd";
  // Each algorithm's settings and defaults. --dim, --epochs and --reg set the
  // running algorithm's; --threads, --seed and --quiet set both.
  MfSgdOptions sgd;
  AlsOptions als;
  double positive_threshold = 4.0;
  int k = 10;
  std::string output_users;
  std::string output_items;
  std::string output_biases;  // sgd: μ, clip range, b_u and b_i as TSV
  bool json = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::mf
