// embkit vocab: count the words of a corpus and write "word<TAB>count" lines,
// most frequent first, after --min-count and --max-vocab.
#pragma once

#include <string>

#include "cli.h"
#include "core/vocabulary.h"

namespace embkit::cli::vocab {

struct Options {
  std::string input;
  std::string output;
  VocabularyOptions vocabulary;  // --min-count, --max-vocab, with their defaults
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::vocab
