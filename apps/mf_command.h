// embkit mf: user–item matrix factorization.
//   --algo sgd  explicit ratings, biased MF by SGD (Koren, Bell & Volinsky 2009);
//               reports train/test RMSE every epoch, final test RMSE and MAE.
//   --algo als  implicit feedback, ratings >= --positive-threshold are positives,
//               weighted ALS (Hu, Koren & Volinsky 2008) with exact or CG solves;
//               reports precision/recall/NDCG/MAP@k beside a most-popular baseline.
// The test set is --test FILE, or a --split of --train (random or leave-last-N).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::mf {

struct Options {
  std::string train;
  std::string test;
  std::string split = "none";   // none | random | last  (used only without --test)
  double test_fraction = 0.2;
  int leave_last = 1;
  std::string algo = "sgd";
  int dim = 0;                  // default: the algorithm's default (sgd 100, als 64)
  int epochs = 0;               // default: the algorithm's default (sgd 60, als 15)
  double lr = 0.02;
  double lr_decay = 0.97;
  double reg = -1;              // <0 = the algorithm's default (sgd 0.1, als 30)
  double reg_bias = 0.01;
  double alpha = 3.0;
  std::string solver = "exact";  // exact | cg
  int cg_steps = 3;
  double positive_threshold = 4.0;
  int k = 10;
  std::string output_users;
  std::string output_items;
  bool json = false;
  int threads = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::mf
