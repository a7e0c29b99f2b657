// embkit cooccurrence: the word–word co-occurrence counts GloVe and PPMI are
// trained on (factorization/cooccurrence.h), written as a sparse matrix —
// SciPy's CSR .npz or Matrix Market — with its terms file beside it.
#pragma once

#include <string>

#include "cli.h"
#include "cooccurrence_cli.h"
#include "factorization/cooccurrence.h"

namespace embkit::cli::cooccurrence {

struct Options {
  CorpusOptions corpus;            // --input, --output (X.npz | X.mtx), --min-count, --max-vocab
  CooccurrenceOptions counting;    // --window, --weighting, --max-memory, --threads, --quiet
  bool upper = false;              // --upper: only row <= col (the diagonal holds X_ii)
  bool json = false;               // --json: a summary object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::cooccurrence
