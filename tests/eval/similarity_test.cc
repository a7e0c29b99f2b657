#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.h"
#include "eval/eval_datasets.h"
#include "eval/label_lookup.h"
#include "eval/similarity.h"
#include "eval/spearman.h"
#include "eval_test_support.h"

using namespace embkit;
using namespace embkit::evaltest;

TEST_CASE("average_ranks gives tied values the mean of their ranks", "[spearman]") {
  const auto r = average_ranks({10, 20, 20, 30, 5});
  REQUIRE(r == std::vector<double>{2, 3.5, 3.5, 5, 1});
}

TEST_CASE("spearman and pearson match scipy", "[spearman]") {
  // scipy.stats.spearmanr([1,2,2,3,5,5,5],[3,1,4,1,5,9,2])[0], with ties on both sides.
  CHECK(spearman({1, 2, 2, 3, 5, 5, 5}, {3, 1, 4, 1, 5, 9, 2}) ==
        Approx(0.3870681424252975).epsilon(1e-12));
  CHECK(pearson({1, 2, 3, 4}, {2, 4, 5, 9}) == Approx(0.9647638212377322).epsilon(1e-12));
  CHECK(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));  // constant side: undefined
  CHECK(std::isnan(spearman({1}, {2})));
}

TEST_CASE("word-pair parser handles CRLF, comments and a header", "[datasets]") {
  const std::string path = write_temp(
      "pairs.txt", "word1\tword2\tscore\r\n# comment\r\n\r\ntiger\tcat\t7.35\r\nA B 2\n");
  const WordPairSet set = read_word_pairs(path);
  REQUIRE(set.name == "pairs");
  REQUIRE(set.pairs.size() == 2);
  CHECK(set.pairs[0].first == "tiger");
  CHECK(set.pairs[0].second == "cat");
  CHECK(set.pairs[0].score == 7.35);
  CHECK(set.pairs[0].line == 4);
  CHECK(set.pairs[1].second == "B");
}

TEST_CASE("word-pair parser rejects malformed lines naming file and line", "[datasets]") {
  const std::string bad_score = write_temp("bad_score.txt", "a\tb\t1\nc\td\tx7\n");
  CHECK_THROWS_WITH(read_word_pairs(bad_score), Catch::Contains("bad_score.txt:2") &&
                                                    Catch::Contains("x7"));
  const std::string two_fields = write_temp("two.txt", "a\tb\t1\nc\td\n");
  CHECK_THROWS_WITH(read_word_pairs(two_fields),
                    Catch::Contains("two.txt:2") && Catch::Contains("expected 3 fields"));
  const std::string empty = write_temp("empty.txt", "# nothing\n");
  CHECK_THROWS_AS(read_word_pairs(empty), InputError);
  CHECK_THROWS_AS(read_word_pairs(temp_dir() + "/missing.txt"), InputError);
}

TEST_CASE("LabelLookup keeps the first case variant and honours restrict", "[similarity]") {
  const Embeddings e = make_embeddings({"the", "Paris", "paris", "cat", "rare"},
                                       {{1, 0}, {0, 1}, {1, 1}, {1, 2}, {3, 1}});
  const LabelLookup insensitive(e, 4, true);
  CHECK(insensitive.find("paris") == 1);
  CHECK(insensitive.find("PARIS") == 1);
  CHECK(insensitive.find("rare") == -1);  // row 4 is past restrict = 4
  const LabelLookup sensitive(e, 0, false);
  CHECK(sensitive.find("paris") == 2);
  CHECK(sensitive.find("PARIS") == -1);
  CHECK(sensitive.find("rare") == 4);
}

TEST_CASE("similarity scores used pairs and reports OOV pairs", "[similarity]") {
  const Embeddings e = make_embeddings({"a", "b", "c", "D", "zero"},
                                       {{1, 0}, {1, 1}, {0, 1}, {-1, 0.2f}, {0, 0}});
  WordPairSet set;
  set.name = "toy";
  set.pairs = {{"a", "b", 9, 1}, {"a", "c", 5, 2}, {"a", "d", 1, 3},
               {"a", "missing", 4, 4}, {"zero", "a", 3, 5}};
  const SimilarityResult r = evaluate_similarity(e, set);
  CHECK(r.pairs_total == 5);
  CHECK(r.pairs_used == 4);
  REQUIRE(r.oov_pairs.size() == 1);
  CHECK(r.oov_pairs[0].second == "missing");
  // cosines: a-b 0.707, a-c 0, a-D -0.98, zero-a 0 (defined as 0): human 9,5,1,3.
  CHECK(r.spearman == Approx(spearman({9, 5, 1, 3}, {0.7071, 0, -0.98, 0})));
  SimilarityOptions sensitive;
  sensitive.case_insensitive = false;
  CHECK(evaluate_similarity(e, set, sensitive).pairs_used == 3);  // "d" ≠ "D"
  SimilarityOptions restricted;
  restricted.restrict = 2;
  CHECK(evaluate_similarity(e, set, restricted).pairs_used == 1);  // only a-b
}

TEST_CASE("cosine_similarity handles zero vectors", "[similarity]") {
  const float u[3] = {1, 2, 2}, v[3] = {2, 4, 4}, z[3] = {0, 0, 0};
  CHECK(cosine_similarity(u, v, 3) == Approx(1.0));
  CHECK(cosine_similarity(u, z, 3) == 0.0);
}
