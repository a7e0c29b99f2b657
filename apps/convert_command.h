// embkit convert: convert vector files between .vec text, .bin binary, .npy and
// GloVe text; optionally normalize rows to unit length.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::convert {

struct Options {
  std::string input;
  std::string output;
  std::string input_format = "auto";
  std::string output_format = "auto";
  bool normalize = false;
  std::int64_t limit = 0;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::convert
