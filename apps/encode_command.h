// embkit encode: ordinal, one-hot, dummy and bag-of-words encodings of a CSV
// column or a one-value-per-line text file (see docs/encoding.md).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::encode {

struct Options {
  std::string method;                  // ordinal | onehot | dummy | bow
  std::string input;
  std::string fit_input;               // learn categories/vocabulary here (default: input)
  std::string format = "auto";         // auto | csv | lines
  std::string column;                  // CSV column: header name or 0-based index
  std::string output;                  // .csv | .npy | .mtx; empty = CSV on stdout
  std::string unknown = "error";       // error | ignore
  bool binary = false;                 // bow: 0/1 instead of counts
  std::string tokens = "sklearn";      // bow: sklearn | unicode | whitespace
  bool keep_case = false;              // bow: do not lowercase
  double min_df = 1;
  double max_df = 1.0;
  std::int64_t max_features = 0;
  int threads = 0;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::encode
