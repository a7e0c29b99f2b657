// The bookkeeping of --sync-rows touched (word2vec/touched_rows.h) on one
// process: which rows are frequent, which marks a sync collects. The
// averaging itself runs on 2 ranks in tests/distributed/word2vec_test.cc.
#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "word2vec/touched_rows.h"

using embkit::w2v::TouchedRows;

TEST_CASE("frequent rows: expected kept occurrences per sync interval of at least ln 100", "[word2vec]") {
  // 1,000 words per epoch, syncs every 100: λ_w = kept_w / 10; ln 100 = 4.605.
  const std::vector<double> kept = {300, 46.1, 46.0, 45, 900, 1};
  CHECK(embkit::w2v::frequent_rows(kept, 1000, 100) == 2);
  // A longer interval makes more words frequent; the prefix stops at the
  // first rare word even if a later one is frequent (an --init vocabulary).
  CHECK(embkit::w2v::frequent_rows(kept, 1000, 200) == 5);
  CHECK(embkit::w2v::frequent_rows(kept, 1000, 1e6) == 6);
  CHECK(embkit::w2v::frequent_rows(kept, 1000, 1) == 0);
  CHECK(std::abs(46.1 / 10 - std::log(100.0)) < 0.01);
}

TEST_CASE("touched rows: marks below the frequent cut are not kept; a sync takes the rest once", "[word2vec]") {
  TouchedRows marks(10, 4);
  REQUIRE(marks.tracking());
  const std::uint32_t rows[] = {9, 1, 5, 5, 0, 7};
  // Hogwild threads mark concurrently.
  std::thread a([&] { marks.mark_all(rows, 3); });
  std::thread b([&] { marks.mark_all(rows + 3, 3); });
  a.join();
  b.join();
  CHECK(marks.take_marked() == std::vector<std::uint32_t>{5, 7, 9});
  CHECK(marks.take_marked().empty());
  marks.mark(4);
  CHECK(marks.take_marked() == std::vector<std::uint32_t>{4});
  // Off (one rank, --sync-rows all): nothing is tracked, marking is harmless.
  const TouchedRows off;
  CHECK_FALSE(off.tracking());
  off.mark(123456789);
}

TEST_CASE("average rows on one process leaves the matrix as it is", "[word2vec]") {
  std::vector<float> m = {1, 2, 3, 4, 5, 6};
  const auto counts = embkit::w2v::average_rows(m.data(), 3, 2, 1, {2}, 1);
  CHECK(m == std::vector<float>{1, 2, 3, 4, 5, 6});
  CHECK(counts.dense_rows == 1);
  CHECK(counts.sparse_rows == 1);
}
