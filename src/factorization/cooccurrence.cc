#include "factorization/cooccurrence.h"

#include <omp.h>

#include <algorithm>

#include "core/corpus.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/signals.h"

namespace embkit {

WindowWeighting parse_window_weighting(const std::string& name) {
  if (name == "uniform") return WindowWeighting::Uniform;
  if (name == "harmonic") return WindowWeighting::Harmonic;
  if (name == "dynamic") return WindowWeighting::Dynamic;
  throw UsageError("unknown window weighting '" + name + "' (expected uniform, harmonic or dynamic)");
}

const char* window_weighting_name(WindowWeighting weighting) {
  static const char* const names[] = {"uniform", "harmonic", "dynamic"};  // in the enum's order
  return names[static_cast<int>(weighting)];
}

namespace {

constexpr std::uint32_t kBreak = 0xffffffffu;  // sentence boundary inside a block

bool entry_less(const CooccurrenceEntry& a, const CooccurrenceEntry& b) {
  return a.row < b.row || (a.row == b.row && a.col < b.col);
}

// One step of merging two sorted, duplicate-free runs, summing equal cells:
// emits, in order, every cell of `a` and every cell of `b` from position j up
// to a's last cell; advances j. Called once for a whole run, or chunk by chunk;
// the caller emits what is left of b at the end.
template <class Run, class Emit>
void merge_into(const Run& a, const std::vector<CooccurrenceEntry>& b, std::size_t& j, Emit&& emit) {
  for (const CooccurrenceEntry& x : a) {
    while (j < b.size() && entry_less(b[j], x)) emit(b[j++]);
    if (j < b.size() && !entry_less(x, b[j])) emit({x.row, x.col, x.value + b[j++].value});
    else emit(x);
  }
}

// Sorted, duplicate-free union of two sorted runs, summing equal cells.
std::vector<CooccurrenceEntry> merge_runs(const std::vector<CooccurrenceEntry>& a,
                                          const std::vector<CooccurrenceEntry>& b) {
  std::vector<CooccurrenceEntry> out;
  out.reserve(a.size() + b.size());
  std::size_t j = 0;
  merge_into(a, b, j, [&out](const CooccurrenceEntry& e) { out.push_back(e); });
  out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(j), b.end());
  return out;
}

// The running total: sorted, duplicate-free cells kept in chunks of a fixed
// size. Merging a block's run reads the old chunks front to back and frees each
// as soon as it is consumed, so the total is held about once while merging, not
// twice (old vector + merged copy). The default chunk, 48 MiB, is above glibc's
// largest mmap threshold (32 MiB): a freed chunk goes back to the system at once.
class ChunkedCells {
 public:
  explicit ChunkedCells(std::size_t chunk_entries) : chunk_(chunk_entries) {}

  void push_back(const CooccurrenceEntry& e) {
    if (chunks_.empty() || chunks_.back().size() == chunk_) {
      chunks_.emplace_back();
      chunks_.back().reserve(chunk_);
    }
    chunks_.back().push_back(e);
    ++size_;
  }

  // this ∪ run (sorted, duplicate-free), summing equal cells.
  void merge(const std::vector<CooccurrenceEntry>& run) {
    ChunkedCells out(chunk_);
    const auto emit = [&out](const CooccurrenceEntry& e) { out.push_back(e); };
    std::size_t j = 0;
    for (auto& chunk : chunks_) {
      merge_into(chunk, run, j, emit);
      std::vector<CooccurrenceEntry>().swap(chunk);
    }
    while (j < run.size()) out.push_back(run[j++]);
    *this = std::move(out);
  }

  // One contiguous vector; each chunk is freed once copied, so the pages of
  // the result replace those of the chunks instead of adding to them.
  std::vector<CooccurrenceEntry> take() {
    std::vector<CooccurrenceEntry> all;
    all.reserve(size_);
    for (auto& chunk : chunks_) {
      all.insert(all.end(), chunk.begin(), chunk.end());
      std::vector<CooccurrenceEntry>().swap(chunk);
    }
    chunks_.clear();
    size_ = 0;
    return all;
  }

 private:
  std::size_t chunk_;
  std::vector<std::vector<CooccurrenceEntry>> chunks_;
  std::size_t size_ = 0;
};

class Counter {
 public:
  Counter(const CooccurrenceOptions& o, int threads)
      : o_(o), threads_(threads), weights_(static_cast<std::size_t>(o.window) + 1),
        total_(static_cast<std::size_t>(o.chunk_entries)) {
    for (int d = 1; d <= o.window; ++d) {
      switch (o.weighting) {
        case WindowWeighting::Uniform: weights_[static_cast<std::size_t>(d)] = 1.0; break;
        case WindowWeighting::Harmonic: weights_[static_cast<std::size_t>(d)] = 1.0 / d; break;
        case WindowWeighting::Dynamic: weights_[static_cast<std::size_t>(d)] = static_cast<double>(o.window - d + 1) / o.window; break;
      }
    }
  }

  // Counts the centers buf[first..) looking left (buf[0..first) is context
  // only) and adds them to the total.
  void add_block(const std::vector<std::uint32_t>& buf, std::size_t first) { add(count_block(buf, first)); }

  // The cells of one block: each thread's share summed in double, then the
  // threads' runs added in thread order (float).
  std::vector<CooccurrenceEntry> count_block(const std::vector<std::uint32_t>& buf, std::size_t first) const {
    std::vector<std::vector<CooccurrenceEntry>> runs(static_cast<std::size_t>(threads_));
    const std::size_t n = buf.size();
    ExceptionCapture capture;
#pragma omp parallel num_threads(threads_)
    {
      capture.run([&] {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const std::size_t begin = first + (n - first) * static_cast<std::size_t>(t) / static_cast<std::size_t>(nt);
        const std::size_t end = first + (n - first) * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(nt);
        runs[static_cast<std::size_t>(t)] = count_centers(buf, begin, end);
      });
    }
    capture.rethrow();
    // The threads' runs are small next to the total: join them first, then
    // pass over the total once.
    for (std::size_t t = 1; t < runs.size(); ++t) {
      runs[0] = merge_runs(runs[0], runs[t]);
      std::vector<CooccurrenceEntry>().swap(runs[t]);
    }
    return std::move(runs[0]);
  }

  // Adds a block's run to the total (float sums: blocks must come in order).
  void add(const std::vector<CooccurrenceEntry>& run) { total_.merge(run); }

  std::vector<CooccurrenceEntry> take() { return total_.take(); }

 private:
  // The cells of the centers buf[begin, end), each with the `window` words to
  // its left (up to a sentence break): a sorted, duplicate-free run.
  std::vector<CooccurrenceEntry> count_centers(const std::vector<std::uint32_t>& buf, std::size_t begin,
                                               std::size_t end) const {
    std::vector<CooccurrenceEntry> pairs;
    pairs.reserve((end - begin) * static_cast<std::size_t>(o_.window));
    for (std::size_t p = begin; p < end; ++p) {
      const std::uint32_t center = buf[p];
      if (center == kBreak) continue;
      for (std::size_t d = 1; d <= static_cast<std::size_t>(o_.window) && d <= p; ++d) {
        const std::uint32_t context = buf[p - d];
        if (context == kBreak) break;
        const float w = static_cast<float>(weights_[d]);
        // Upper triangle: (min, max). A diagonal cell receives both X_ii
        // contributions of the symmetric count.
        if (center == context) pairs.push_back({center, center, 2 * w});
        else pairs.push_back({std::min(center, context), std::max(center, context), w});
      }
    }
    std::sort(pairs.begin(), pairs.end(), entry_less);
    // Sum duplicates in double, store float.
    std::vector<CooccurrenceEntry> run;
    std::size_t k = 0;
    while (k < pairs.size()) {
      double sum = 0;
      std::size_t m = k;
      while (m < pairs.size() && pairs[m].row == pairs[k].row && pairs[m].col == pairs[k].col) sum += pairs[m++].value;
      run.push_back({pairs[k].row, pairs[k].col, static_cast<float>(sum)});
      k = m;
    }
    return run;
  }

  const CooccurrenceOptions& o_;
  int threads_;
  std::vector<double> weights_;
  ChunkedCells total_;
};

// The ranks exchange their blocks in lockstep: a rank that saw another
// number of blocks (its copy of the corpus differs) would wait in the wrong
// broadcast, so they compare the file's size first, the number of blocks
// before each exchange and the tokens counted at the end.
void agree_across_ranks(const std::string& corpus, std::uint64_t value) {
  if (distributed::allreduce_max(value) != value || distributed::allreduce_max(~value) != ~value)
    throw InputError(located(corpus, 0, "the MPI ranks read different corpora (a file that differs between machines?)"));
}

}  // namespace

void CooccurrenceOptions::validate() const {
  const CooccurrenceOptions& o = *this;
  if (o.window < 1) throw ParameterError("window", "must be at least 1, got " + std::to_string(o.window));
  // A counting block holds the pairs of at least one token's whole window.
  if (o.block_pairs < o.window)
    throw ParameterError("window", "must be at most " + std::to_string(o.block_pairs) + ", got " + std::to_string(o.window));
  if (o.chunk_entries < 1) throw ParameterError("chunk_entries", "must be at least 1");
}

Cooccurrence count_cooccurrence(const std::string& corpus, const Vocabulary& vocab, const CooccurrenceOptions& o) {
  o.validate();
  EMBKIT_CHECK(vocab.size() < static_cast<std::int64_t>(kBreak), "vocabulary too large for 32-bit ids");
  const int threads = resolve_threads(o.threads);
  const std::size_t block_tokens = static_cast<std::size_t>(std::max<std::int64_t>(o.block_pairs / o.window, 1));
  require_memory(static_cast<std::uint64_t>(o.block_pairs) * 2 * sizeof(CooccurrenceEntry), "co-occurrence counting block", o.max_memory);
  Counter counter(o, threads);
  // Under mpirun every rank reads the whole corpus, so every rank sees the
  // same blocks, but rank r counts only blocks k ≡ r (mod N): it generates
  // and sorts their pairs. After each round of N blocks the ranks
  // broadcast their runs and every rank adds them to its total in block
  // order: the float sums are then taken in one process's order, bit for bit
  // (a cell's total is a left fold over the blocks, which no other grouping
  // reproduces), and every rank ends with the whole matrix.
  const int ranks = distributed::size(), me = distributed::rank();
  std::uint64_t blocks = 0;                // blocks seen so far
  std::vector<CooccurrenceEntry> mine;     // this rank's block of the round
  const auto exchange = [&](int pending) {
    if (ranks > 1) agree_across_ranks(corpus, blocks);
    for (int r = 0; r < pending; ++r) {
      std::vector<CooccurrenceEntry> run = r == me ? std::move(mine) : std::vector<CooccurrenceEntry>();
      if (ranks > 1) distributed::broadcast(run, r);
      counter.add(run);
    }
    mine.clear();
  };
  TokenStream stream(corpus);
  if (ranks > 1) agree_across_ranks(corpus, static_cast<std::uint64_t>(stream.size_bytes()));
  Progress progress("cooccur", o.quiet);
  std::vector<std::uint32_t> buf;
  buf.reserve(block_tokens + static_cast<std::size_t>(o.window));
  std::size_t first = 0;  // carried-over context at the front of buf
  std::uint64_t tokens = 0;
  std::string_view word;
  auto flush = [&] {
    if (buf.size() > first) {
      if (static_cast<int>(blocks % static_cast<std::uint64_t>(ranks)) == me) mine = counter.count_block(buf, first);
      if (++blocks % static_cast<std::uint64_t>(ranks) == 0) exchange(ranks);
    }
    // Keep the last `window` entries (if no break among them matters, the loop
    // stops at a break anyway) as left context of the next block.
    const std::size_t keep = std::min(buf.size(), static_cast<std::size_t>(o.window));
    std::vector<std::uint32_t> tail(buf.end() - static_cast<std::ptrdiff_t>(keep), buf.end());
    buf.assign(tail.begin(), tail.end());
    first = buf.size();
    check_interrupted();
    if (stream.size_bytes() > 0)
      progress.update(static_cast<double>(stream.stats().bytes) / static_cast<double>(stream.size_bytes()),
                      {{"tokens", format_count(static_cast<double>(tokens))}});
  };
  for (;;) {
    const TokenStream::Kind kind = stream.next(word);
    if (kind == TokenStream::Kind::End) break;
    if (kind == TokenStream::Kind::EndOfLine) {
      if (!buf.empty() && buf.back() != kBreak) buf.push_back(kBreak);
    } else {
      const std::int64_t id = vocab.find(word);
      if (id < 0) continue;
      buf.push_back(static_cast<std::uint32_t>(id));
      ++tokens;
    }
    if (buf.size() - first >= block_tokens) flush();
  }
  flush();
  if (blocks % static_cast<std::uint64_t>(ranks) != 0) exchange(static_cast<int>(blocks % static_cast<std::uint64_t>(ranks)));
  if (ranks > 1) agree_across_ranks(corpus, tokens);
  Cooccurrence c;
  c.size = vocab.size();
  c.tokens = tokens;
  c.upper = counter.take();
  progress.finish({{"tokens", format_count(static_cast<double>(tokens))},
                   {"nonzeros", format_count(static_cast<double>(c.upper.size()))}});
  return c;
}

Cooccurrence count_cooccurrence_ids(const std::vector<std::int64_t>& ids, std::int64_t vocab_size,
                                    const CooccurrenceOptions& o) {
  o.validate();
  Counter counter(o, resolve_threads(o.threads));
  std::vector<std::uint32_t> buf;
  std::uint64_t tokens = 0;
  for (std::int64_t id : ids) {
    if (id < 0) {
      buf.push_back(kBreak);
    } else {
      EMBKIT_CHECK(id < vocab_size, "id beyond the vocabulary");
      buf.push_back(static_cast<std::uint32_t>(id));
      ++tokens;
    }
  }
  counter.add_block(buf, 0);
  Cooccurrence c;
  c.size = vocab_size;
  c.tokens = tokens;
  c.upper = counter.take();
  return c;
}

SparseMatrix Cooccurrence::to_symmetric_sparse() const {
  std::vector<Triplet> triplets;
  triplets.reserve(upper.size() * 2);
  for (const CooccurrenceEntry& e : upper) {
    triplets.emplace_back(static_cast<int>(e.row), static_cast<int>(e.col), e.value);
    if (e.row != e.col) triplets.emplace_back(static_cast<int>(e.col), static_cast<int>(e.row), e.value);
  }
  SparseMatrix m(static_cast<Eigen::Index>(size), static_cast<Eigen::Index>(size));
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

std::vector<double> Cooccurrence::row_sums() const {
  std::vector<double> sums(static_cast<std::size_t>(size), 0.0);
  for (const CooccurrenceEntry& e : upper) {
    sums[e.row] += e.value;
    if (e.row != e.col) sums[e.col] += e.value;
  }
  return sums;
}

}  // namespace embkit
