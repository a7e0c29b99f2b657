// 64-bit counts: a corpus can exceed 2^31 (and 2^32) words. These tests cross
// the boundary through the public API without a multi-gigabyte file: counts
// beyond 2^32 must order, sum, save and load exactly.
#include <catch2/catch.hpp>

#include "core/vocabulary.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::test;

TEST_CASE("vocabulary counts above 2^32 sort, sum and round-trip exactly", "[errors][64bit]") {
  const std::uint64_t big = (std::uint64_t(1) << 32) + 7;  // 4294967303: wraps to 7 in 32 bits
  const std::uint64_t bigger = (std::uint64_t(1) << 33) + 1;
  VocabularyOptions options;
  options.min_count = 1;
  const Vocabulary vocab = Vocabulary::from_counts({{"common", bigger}, {"frequent", big}, {"rare", 9}}, options);
  REQUIRE(vocab.size() == 3);
  CHECK(vocab[0].word == "common");
  CHECK(vocab[1].word == "frequent");  // would sort below "rare" if truncated to 32 bits
  CHECK(vocab[1].count == big);
  CHECK(vocab.total_count() == bigger + big + 9);

  TempDir tmp;
  vocab.save(tmp.file("v.tsv"));
  CHECK(read_file(tmp.file("v.tsv")).find("frequent\t4294967303\n") != std::string::npos);
  const Vocabulary back = Vocabulary::load(tmp.file("v.tsv"));
  REQUIRE(back.size() == 3);
  CHECK(back[1].count == big);
  CHECK(back.total_count() == vocab.total_count());
}

TEST_CASE("min-count above 2^32 is honoured", "[errors][64bit]") {
  VocabularyOptions options;
  options.min_count = (std::uint64_t(1) << 32) + 1;
  const Vocabulary vocab =
      Vocabulary::from_counts({{"kept", std::uint64_t(1) << 33}, {"dropped", std::uint64_t(1) << 32}}, options);
  REQUIRE(vocab.size() == 1);
  CHECK(vocab[0].word == "kept");
}
