// The word counts of a corpus file split by byte ranges: between a process's
// threads and, under mpirun (core/distributed.h), between the ranks. A range
// holds the tokens whose first byte lies in it (TokenStream's range reads),
// so consecutive ranges count every token exactly once; the ranges' tables
// are summed in range order, so every rank ends with the same table. word2vec
// (word2vec/corpus_feed.h) and corpus_vocabulary (core/vocabulary.h) count
// through here.
#pragma once

#include <omp.h>

#include <cstdint>
#include <string>

#include "core/parallel.h"
#include "core/term_table.h"
#include "core/vocabulary.h"

namespace embkit {

// The start of part `t` of `parts` equal parts of [0, length).
inline std::uint64_t part_begin(std::uint64_t length, int t, int parts) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(length) * t / parts);
}

// Runs body(t, begin, end) for the `threads` equal parts of the byte range
// [from, to), one thread each; the first exception is rethrown here.
template <typename Body>
void for_each_range(std::uint64_t from, std::uint64_t to, int threads, Body&& body) {
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    capture.run([&] {
      body(t, from + part_begin(to - from, t, threads), from + part_begin(to - from, t + 1, threads));
    });
  }
  capture.rethrow();
}

struct RangeCounts {
  TermTable<std::uint64_t> table{1 << 16};
  std::uint64_t tokens = 0, split_tokens = 0;

  void add(std::string_view word, std::uint64_t count) { table.payload(table.insert(word)) += count; }
};

// Counts every token of `path` that starts in this rank's part of the file
// (all of it with one rank), `threads` byte ranges at a time, and sums the
// ranks' tables: every rank returns the whole file's counts, its words in
// the same order. `path` must be a regular file.
RangeCounts count_file_ranges(const std::string& path, int threads);

// Throws InputError naming `path` with more than one rank: `why` (a pipe,
// standard input) cannot be split between them.
void require_one_rank(const std::string& path, const std::string& why);

// Throws InputError when the ranks hold different vocabularies (a fingerprint
// of words and counts is compared); nothing with one rank.
void check_same_vocabulary(const Vocabulary& vocabulary, const std::string& path);

}  // namespace embkit
