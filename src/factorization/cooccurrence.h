// Word–context co-occurrence counts over a symmetric window.
//
// For every pair of in-vocabulary tokens at distance d ≤ window inside one line
// (a '\n' ends a sentence; out-of-vocabulary tokens are dropped first, as in
// word2vec and GloVe), X_ij and X_ji grow by a weight:
//   Uniform   1
//   Harmonic  1/d                    (GloVe, Pennington et al. 2014, §4.2)
//   Dynamic   (window − d + 1)/window: the expected weight of word2vec's
//             randomly shrunk window (Levy, Goldberg & Dagan 2015, §3.1)
// The matrix is symmetric, so only the upper triangle (row ≤ col) is stored;
// a diagonal entry holds the full X_ii.
//
// Memory is bounded by the block size, not the corpus: tokens are read in
// blocks of block_pairs / window tokens; each thread turns its share of a block into
// (row, col, weight) triples, sorts and sums them, and the sorted runs are
// merged into the running total, which is stored in chunks that are freed as
// the merge consumes them. Weights are summed in double within a block and kept
// as float32 (relative error ≈ 1e-7; GloVe only uses log X).
// Peak memory ≈ 12 bytes × (nonzeros + 2 × block_pairs + 2 × chunk_entries).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/sparse.h"
#include "core/vocabulary.h"

namespace embkit {

enum class WindowWeighting { Uniform, Harmonic, Dynamic };
// "uniform" | "harmonic" | "dynamic"; throws UsageError otherwise.
WindowWeighting parse_window_weighting(const std::string& name);
const char* window_weighting_name(WindowWeighting weighting);

struct CooccurrenceOptions {
  int window = 10;
  WindowWeighting weighting = WindowWeighting::Harmonic;
  std::int64_t block_pairs = 1 << 23;   // (token, context) triples per counting block
  std::int64_t chunk_entries = 1 << 22; // cells per storage chunk of the running total (48 MiB)
  int threads = 0;
  bool quiet = false;
  std::uint64_t max_memory = 0;         // bytes, 0 = no cap beyond available memory (core/memory.h)

  // Throws ParameterError for a window < 1 or wider than a counting block.
  // count_cooccurrence calls it; front ends call it before reading the corpus.
  void validate() const;
};

struct CooccurrenceEntry {
  std::uint32_t row;  // row ≤ col
  std::uint32_t col;
  float value;
};

struct Cooccurrence {
  std::int64_t size = 0;                  // vocabulary size (matrix is size × size)
  std::vector<CooccurrenceEntry> upper;   // sorted by (row, col), row ≤ col
  std::uint64_t tokens = 0;               // in-vocabulary tokens counted

  // Full symmetric matrix (both triangles) in double.
  SparseMatrix to_symmetric_sparse() const;
  // Row sums of the full matrix, Σ_j X_ij.
  std::vector<double> row_sums() const;
};

// Counts `corpus` (a path or "-") with ids from `vocab`. Under mpirun
// (core/distributed.h) it is collective: every rank reads the whole file,
// counts every N-th block and returns one process's counts, bit for bit, for
// the same options.threads (docs/distributed.md).
Cooccurrence count_cooccurrence(const std::string& corpus, const Vocabulary& vocab,
                                const CooccurrenceOptions& options);

// Same, from ids already in memory (-1 = sentence break). For tests and callers
// that have the ids; single-block, same result as the streaming version.
Cooccurrence count_cooccurrence_ids(const std::vector<std::int64_t>& ids, std::int64_t vocab_size,
                                    const CooccurrenceOptions& options);

}  // namespace embkit
