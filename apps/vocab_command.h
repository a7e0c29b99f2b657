// embkit vocab: count the words of a corpus and write "word<TAB>count" lines,
// most frequent first, after --min-count and --max-vocab.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::vocab {

struct Options {
  std::string input;
  std::string output;
  std::int64_t min_count = 5;
  std::int64_t max_vocab = 0;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::vocab
