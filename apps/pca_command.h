// embkit pca: principal components of a numeric CSV table.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "core/embeddings.h"

namespace embkit::cli::pca {

struct Options {
  std::string input;      // CSV: one sample per line, numeric fields; optional header
  int components = 2;
  std::string output;     // projection (samples × k): .npy, else CSV
  char delimiter = ',';
  bool exact = false;
  int power_iters = 4;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

// A numeric table: a first line with a non-numeric field is a header; every
// other line must have the same number of fields, each a finite number
// (InputError naming file, line and field otherwise). Empty lines are skipped.
struct NumericTable {
  std::vector<std::string> header;
  MatrixD values;
};
NumericTable read_numeric_csv(const std::string& path, char delimiter = ',');

}  // namespace embkit::cli::pca
