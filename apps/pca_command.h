// embkit pca: principal components of a numeric CSV table.
#pragma once

#include <string>

#include "cli.h"
#include "core/embeddings.h"
#include "factorization/pca.h"

namespace embkit::cli::pca {

struct Options {
  std::string input;      // CSV: one sample per line, numeric fields; optional header
  PcaOptions pca;         // --dim (components) and the SVD's settings, with their defaults
  std::string output;     // projection (samples × k): .npy, else CSV
  char delimiter = ',';
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
