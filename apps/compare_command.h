// embkit compare: train several embedding methods on one corpus with their
// defaults, evaluate each the same way, and print one table.
//
// Each method runs as a child `embkit <command>` process (the same binary), so
// its wall time and peak memory (wait4's ru_maxrss) are its own and a crash in
// one method does not take the comparison down. Methods are rows of a table
// (methods_table() in the .cc): a name, the command and its fixed arguments,
// and whether it makes word vectors (from --input, scored on every task) or
// document vectors (from the R8 texts, scored on R8 only); a method whose
// command is not built in is reported as unavailable. The evaluation is the
// library's (eval/similarity.h, analogy.h, classify.h), identical for all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"
#include "eval/analogy.h"
#include "eval/classify.h"

namespace embkit::cli::compare {

struct Options {
  std::string corpus;                    // the word methods' corpus (optional with document methods only)
  std::vector<std::string> methods;      // word methods first; default: every available one that applies
  std::string sif_words;                 // the word method whose vectors sif weights ("" = --extra's file)
  std::string data;                      // evaluation sets; empty = the bundled corpora/eval
  std::string format = "md";             // stdout table: md | csv
  std::string docs_train, docs_test;     // R8-style labelled documents (optional)
  std::vector<std::string> extra;        // "METHOD=--opt value ..." per method
  std::string output_dir;                // keep the vectors here (default: temp, removed)
  std::string csv;
  std::string plot;
  std::string html;  // the explorer page of the trained vectors (embkit explore)
  // The evaluation's settings; --threads sets both, and each trainer's.
  AnalogyOptions analogy;
  KnnClassifierOptions classify;
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
  bool help = false;  // --help was printed: nothing to run
};

// Names accepted by --methods, in table order.
std::vector<std::string> known_methods();

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::compare
