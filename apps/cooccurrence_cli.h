// What `embkit glove`, `embkit ppmi` and `embkit cooccurrence` share on the command line: the corpus,
// its vocabulary and the co-occurrence counting, bound to the library's
// VocabularyOptions and CooccurrenceOptions (whose window and weighting each
// method's options struct sets), and --max-memory.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "core/vocabulary.h"
#include "factorization/cooccurrence.h"

namespace embkit::cli {

struct CorpusOptions {
  std::string input;
  std::string output;
  VocabularyOptions vocabulary;  // --min-count, --max-vocab
};

// The flags as typed, until check() validates them into the library structs.
class CooccurrenceFlags {
 public:
  CooccurrenceFlags(CorpusOptions& corpus, CooccurrenceOptions& counting);
  // --input, --output, --min-count, --max-vocab, --window, --weighting.
  void add(po::options_description& desc, const std::string& weighting_help,
           const std::string& output_help = "output vectors (.vec, .bin or .npy)");
  // --max-memory: refuse to start above this estimate.
  void add_max_memory(po::options_description& desc);
  // Throws UsageError for a value out of range or an unknown weighting.
  void check();
  // Throws UsageError for a malformed size; the command checks it last.
  void check_max_memory();

 private:
  CorpusOptions& corpus_;
  CooccurrenceOptions& counting_;
  VocabularyFlags vocabulary_;
  std::string weighting_, max_memory_;
};

}  // namespace embkit::cli
