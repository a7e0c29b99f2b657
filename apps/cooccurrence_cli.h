// What `embkit glove` and `embkit ppmi` share on the command line: the corpus,
// vocabulary and window options, and the co-occurrence count they describe.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "factorization/cooccurrence.h"

namespace embkit::cli {

struct CooccurrenceCliOptions {
  std::string input;
  std::string output;
  std::int64_t min_count = 5;
  std::int64_t max_vocab = 0;
  int window = 5;
  std::string weighting = "dynamic";  // each command sets its own default
};

// --input, --output, --min-count, --max-vocab, --window, --weighting.
void add_cooccurrence_options(po::options_description& desc, CooccurrenceCliOptions& o,
                              const std::string& weighting_help);
// Throws UsageError for a value out of range or an unknown weighting.
void check_cooccurrence_options(const CooccurrenceCliOptions& o);
CooccurrenceOptions cooccurrence_options(const CooccurrenceCliOptions& o, int threads, bool quiet,
                                         std::uint64_t max_memory);

}  // namespace embkit::cli
