// core/distributed.h on one process (no launcher): rank 0 of 1, collectives
// that leave the data as it is. The same calls on 2 ranks: tests/distributed.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/distributed.h"

namespace dist = embkit::distributed;

TEST_CASE("distributed: one process is rank 0 of 1 and collectives keep the data", "[distributed]") {
  dist::init();  // not started by a launcher: nothing happens
  CHECK_FALSE(dist::active());
  CHECK(dist::rank() == 0);
  CHECK(dist::size() == 1);
  CHECK(dist::is_root());
  CHECK(dist::rank_label().empty());

  std::vector<double> d = {1.5, -2.0};
  dist::allreduce_sum(d);
  CHECK(d == std::vector<double>{1.5, -2.0});
  std::vector<std::uint64_t> u = {7, 1ull << 40};
  dist::allreduce_sum(u);
  CHECK(u == std::vector<std::uint64_t>{7, 1ull << 40});
  CHECK(dist::allreduce_max(5) == 5);

  std::string s = "kept";
  dist::broadcast(s);
  CHECK(s == "kept");
  std::vector<float> f = {1.f, 2.f, 3.f};
  dist::broadcast(f);
  CHECK(f.size() == 3);

  std::vector<std::size_t> counts;
  const std::vector<int> all = dist::allgatherv(std::vector<int>{4, 5, 6}, &counts);
  CHECK(all == std::vector<int>{4, 5, 6});
  CHECK(counts == std::vector<std::size_t>{3});
  dist::barrier();
  CHECK(dist::bytes_sent() == 0);  // nothing leaves a single process
  dist::finalize();
}

TEST_CASE("distributed: block_range splits [0, n) into contiguous, nearly equal parts", "[distributed]") {
  // 10 rows over 4 ranks: 3 3 2 2, in order, covering every row once.
  const std::size_t expected[4][2] = {{0, 3}, {3, 6}, {6, 8}, {8, 10}};
  for (int r = 0; r < 4; ++r) {
    const dist::Range range = dist::block_range(10, r, 4);
    CHECK(range.begin == expected[r][0]);
    CHECK(range.end == expected[r][1]);
  }
  // More parts than rows: the last parts are empty.
  CHECK(dist::block_range(2, 3, 4).begin == 2);
  CHECK(dist::block_range(2, 3, 4).end == 2);
  CHECK(dist::my_range(7).begin == 0);
  CHECK(dist::my_range(7).end == 7);
}

TEST_CASE("distributed: weighted_block_range gives contiguous parts of nearly equal weight", "[distributed]") {
  // Weights 5 1 1 1 1 1: two parts of 5 each; three parts start at the first
  // prefix reaching 10/3 and 20/3.
  const std::vector<double> cumulative = {0, 5, 6, 7, 8, 9, 10};
  CHECK(dist::weighted_block_range(cumulative, 0, 2).begin == 0);
  CHECK(dist::weighted_block_range(cumulative, 0, 2).end == 1);
  CHECK(dist::weighted_block_range(cumulative, 1, 2).begin == 1);
  CHECK(dist::weighted_block_range(cumulative, 1, 2).end == 6);
  const std::size_t expected[3][2] = {{0, 1}, {1, 3}, {3, 6}};
  for (int r = 0; r < 3; ++r) {
    CHECK(dist::weighted_block_range(cumulative, r, 3).begin == expected[r][0]);
    CHECK(dist::weighted_block_range(cumulative, r, 3).end == expected[r][1]);
  }
  // Equal weights: block_range's split, up to where the remainder goes.
  const std::vector<double> even = {0, 1, 2, 3, 4};
  CHECK(dist::weighted_block_range(even, 1, 2).begin == 2);
  // One part: everything; no items: empty parts.
  CHECK(dist::weighted_block_range(cumulative, 0, 1).end == 6);
  CHECK(dist::weighted_block_range({0}, 1, 2).begin == 0);
  CHECK(dist::weighted_block_range({0}, 1, 2).end == 0);
}
