// embkit ppmi: word vectors from the truncated SVD of a (shifted) PPMI matrix
// with context-distribution smoothing (Levy, Goldberg & Dagan 2015).
#pragma once

#include "cli.h"
#include "cooccurrence_cli.h"
#include "factorization/ppmi.h"

namespace embkit::cli::ppmi {

struct Options {
  CorpusOptions corpus;
  PpmiOptions ppmi;         // counting and the PPMI matrix, with their defaults
  PpmiSvdOptions vectors;   // the SVD and the vectors taken from it
  bool json = false;        // --json: a summary object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::ppmi
