// embkit encode: ordinal, one-hot, dummy and bag-of-words encodings of a CSV
// column or a one-value-per-line text file (see docs/encoding.md).
#pragma once

#include <string>

#include "cli.h"
#include "text/count_vectorizer.h"

namespace embkit::cli::encode {

struct Options {
  std::string method;                  // ordinal | onehot | dummy | bow
  std::string input;
  std::string fit_input;               // learn categories/vocabulary here (default: input)
  std::string format = "auto";         // auto | csv | lines
  std::string column;                  // CSV column: header name or 0-based index
  std::string output;                  // .csv | .npy | .mtx; empty = CSV on stdout
  std::string unknown = "error";       // error | ignore
  CountVectorizerOptions bow;          // bow's tokens, case, binary, df bounds, threads, with their defaults
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::encode
