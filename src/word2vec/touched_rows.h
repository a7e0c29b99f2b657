// Averaging only the rows the ranks changed (word2vec's --sync-rows touched).
//
// Between two syncs the N ranks together train S = --sync-words words. A row
// no rank wrote since the last sync still holds, on every rank, the mean the
// last sync gave it, so averaging it again changes nothing; only the rows some
// rank wrote need to travel. The rows split in two:
//
//  * frequent rows, [0, F): written in (almost) every interval, averaged
//    densely every sync (one in-place Allreduce, no bookkeeping in the hot
//    loop beyond one comparison). Word w occurs kept
//        λ_w = S · c_w · keep_w / T
//    times per interval on average (c_w its count, T the corpus's words per
//    epoch, keep_w its subsampling keep probability, subsampler.h); taking
//    occurrences as Poisson, no rank touches it with probability e^(−λ_w).
//    F is the first id with λ_w < ln 100: the rows before it are left out of
//    fewer than 1 % of syncs, so sending them every time costs under 1 % of
//    their bytes. c·keep = √(c·t·T) + t·T grows with c, so with the
//    vocabulary sorted by count the frequent words are a prefix of the ids
//    (an --init vocabulary is not sorted: F stops at its first rare word,
//    which costs bytes or marks, never correctness).
//  * rare rows, [F, rows): each rank's threads mark a row when they write it
//    (one relaxed atomic byte per row, read before it is written so that the
//    rows every thread writes stay shared in the caches). At the sync the
//    ranks agree on the union of their marks, then the union's rows are
//    packed, summed by one Allreduce, scaled by 1/N and unpacked. Packing
//    costs two passes over the rows sent, in-place averaging one: when the
//    union holds more than 3/4 of the R rare rows the whole matrix is
//    averaged in place instead, as whole averaging does (in rows moved,
//    packing u rows costs ≈ 2u on the wire and 2u in copies, the rare range
//    2R and R: 4u > 3R when the network moves bytes as fast as memory, the
//    least favourable case for packing).
//
// The union travels the cheaper way in bytes, chosen alike on every rank
// from the sum t of the ranks' marked counts (the sync's counter Allreduce
// carries it): an Allgatherv of t 4-byte ids (≈ 4t·(N−1)/N on the wire per
// rank) when 4t < 2·R/8, i.e. t < R/16, else an Allreduce-OR of an R-bit map
// (≈ 2·(R/8)·(N−1)/N); R = rows − F.
//
// The result is whole averaging's. A touched row gets the same sum and the
// same scaling. An untouched row a stays a, where whole averaging computes
// (a + … + a)·fl(1/N): a exactly for N = 2 (a + a and ·0.5 are exact), so with
// 2 ranks of one thread each the two schemes give identical models. For other
// N they differ by that sum's rounding, at most N·ε·|a| per element
// (ε = 2^−24), and touched rows may be summed by MPI in another order (its
// algorithm depends on the message's length), at most (N−1)·ε·Σ_r |x_r|;
// training then spreads such differences as Hogwild's own (3 ranks, 2 epochs
// on the bundled sample: at most 2.8e-5 apart, every row's cosine ≥ 1 − 5e-9).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace embkit::w2v {

class TouchedRows {
 public:
  // Off: mark() is a comparison that never passes, sync_average() averages
  // every row (whole averaging).
  TouchedRows() = default;
  // Rows [first_rare, rows) are tracked, the rows before it synced densely.
  TouchedRows(std::size_t rows, std::size_t first_rare);

  bool tracking() const { return first_rare_ < rows_; }
  std::size_t first_rare() const { return first_rare_; }

  // Hogwild-safe from any thread: row `row` was written since the last sync.
  void mark(std::uint64_t row) const {
    if (row < first_rare_) return;
    std::atomic<std::uint8_t>& flag = flags_[row - first_rare_];
    if (!flag.load(std::memory_order_relaxed)) flag.store(1, std::memory_order_relaxed);
  }
  template <class Id>
  void mark_all(const Id* rows, int n) const {
    for (int i = 0; i < n; ++i) mark(rows[i]);
  }

  // Between parallel regions: this rank's marked rows (ascending), the marks
  // cleared for the next interval.
  std::vector<std::uint32_t> take_marked();

 private:
  std::size_t rows_ = 0, first_rare_ = SIZE_MAX;  // off: no row reaches first_rare_
  std::unique_ptr<std::atomic<std::uint8_t>[]> flags_;  // rows − first_rare, indexed by row − first_rare
};

// What one sync of one matrix moved: the rows averaged (frequent + union of
// the touched rare rows) and how the union was agreed.
struct RowSyncCounts {
  std::uint64_t dense_rows = 0, sparse_rows = 0;
  bool union_by_ids = false;
};

// The first row whose expected kept occurrences per sync interval, λ_w above,
// fall below ln 100. `kept_occurrences[w]` = c_w · keep_w.
std::size_t frequent_rows(const std::vector<double>& kept_occurrences, double words_per_epoch,
                          double sync_words);

// Replaces `rows` × `dim` row-major `data` by its mean over the ranks:
// (1/N) Σ_r, every element alike. Rows below `first_rare` always; rows at or
// above it only if they are in some rank's `marked` (every rank passes its own
// list and the same `marked_all_ranks`, the sum of the lists' sizes), or all
// of them when those are more than 3/4 of the rare rows. With
// first_rare = rows this is whole averaging.
RowSyncCounts average_rows(float* data, std::size_t rows, int dim, std::size_t first_rare,
                           const std::vector<std::uint32_t>& marked, std::uint64_t marked_all_ranks);

}  // namespace embkit::w2v
