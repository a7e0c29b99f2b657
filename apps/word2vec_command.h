// embkit word2vec: train skip-gram or CBOW word vectors with negative sampling.
// A thin layer over embkit::Word2Vec (src/word2vec/word2vec.h): parse() fills
// Word2VecArgs and the output paths and validates them; run() trains and writes.
#pragma once

#include <string>

#include "cli.h"
#include "word2vec/word2vec_args.h"

namespace embkit::cli::word2vec {

struct Options {
  Word2VecArgs args;
  std::string output;        // input vectors; format from the extension (.vec/.txt, .bin, .npy)
  std::string save_context;  // optional: output (context) vectors
  std::string vocab_out;     // optional: word<TAB>count of the trained vocabulary
  std::string save_model;    // optional, with --subwords: the whole model (subwords.h)
  bool json = false;         // --json: a summary object on stdout
  bool help = false;         // --help was printed; run() does nothing
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::word2vec
