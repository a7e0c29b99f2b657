// embkit tokenize: normalize raw text into a training corpus.
//   --mode text8    byte-by-byte text8 normalization (reproduces wiki17m)
//   --mode unicode  UTF-8 aware words, lowercased; punctuation kept or dropped
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "core/tokenizer.h"

namespace embkit::cli::tokenize {

struct Options {
  std::string input;
  std::string output;
  std::string mode = "text8";
  UnicodeTokenizerOptions unicode;  // --punct, --utf8, with their defaults
  std::int64_t max_bytes = 0;       // 0 = no limit
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::tokenize
