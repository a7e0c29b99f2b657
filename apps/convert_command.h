// embkit convert: convert vector files between .vec text, .bin binary, .npy and
// GloVe text; optionally normalize rows to unit length.
#pragma once

#include <string>

#include "cli.h"
#include "core/vectors_io.h"

namespace embkit::cli::convert {

struct Options {
  std::string input;
  std::string output;
  ReadVectorsOptions read;                        // --input-format, --limit
  VectorFormat output_format = VectorFormat::Auto;  // from the extension
  bool normalize = false;
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::convert
