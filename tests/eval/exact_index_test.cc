#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "eval/exact_index.h"
#include "knn_test_util.h"

using namespace embkit;
using embkit::testing::random_matrix;
using embkit::testing::reference_search;

TEST_CASE("exact index matches the slow reference for every metric", "[knn][exact]") {
  const Matrix x = random_matrix(1500, 37, 3);
  const Matrix q = random_matrix(70, 37, 4);
  for (Metric metric : {Metric::Cosine, Metric::Dot, Metric::L2}) {
    ExactIndex index(x, metric);
    index.set_threads(2);
    const Neighbors got = index.search(q, 7);
    const Neighbors want = reference_search(x, q, 7, metric);
    INFO("metric " << metric_name(metric));
    for (std::int64_t i = 0; i < q.rows(); ++i)
      for (std::int64_t r = 0; r < 7; ++r) {
        CHECK(got.scores(i, r) == Approx(want.scores(i, r)).epsilon(1e-4).margin(1e-4));
        // Ids agree unless two reference scores are float-indistinguishable.
        if (got.ids(i, r) != want.ids(i, r))
          CHECK(std::fabs(got.scores(i, r) - want.scores(i, r)) < 1e-4);
      }
  }
}

TEST_CASE("exact index pads with -1 when k exceeds the rows, and handles n = 1", "[knn][exact]") {
  Matrix x(1, 3);
  x << 1, 2, 3;
  ExactIndex index(x, Metric::Cosine);
  const Neighbors got = index.search(x, 4);
  CHECK(got.ids(0, 0) == 0);
  CHECK(got.scores(0, 0) == Approx(1.0f));
  for (int r = 1; r < 4; ++r) {
    CHECK(got.ids(0, r) == -1);
    CHECK(got.scores(0, r) == -std::numeric_limits<float>::infinity());
  }
  ExactIndex l2(x, Metric::L2);
  const Neighbors l2got = l2.search(x, 2);
  CHECK(l2got.scores(0, 0) == Approx(0.0f).margin(1e-3));
  CHECK(l2got.scores(0, 1) == std::numeric_limits<float>::infinity());
}

TEST_CASE("cosine with all-zero vectors scores 0, never NaN", "[knn][exact]") {
  Matrix x(3, 2);
  x << 0, 0, 1, 0, -1, 0;
  ExactIndex index(x, Metric::Cosine);
  Matrix q(2, 2);
  q << 0, 0, 0, 1;
  const Neighbors got = index.search(q, 3);
  for (std::int64_t i = 0; i < 2; ++i)
    for (std::int64_t r = 0; r < 3; ++r) {
      CHECK_FALSE(std::isnan(got.scores(i, r)));
      CHECK(got.scores(i, r) == Approx(0.0f).margin(1e-6));
      CHECK(got.ids(i, r) == r);  // all tied: ascending id
    }
}

TEST_CASE("ties are broken by ascending id", "[knn][exact]") {
  Matrix x = Matrix::Ones(2000, 4);
  ExactIndex index(x, Metric::Dot);
  Matrix q = Matrix::Ones(1, 4);
  const Neighbors got = index.search(q, 5);
  for (int r = 0; r < 5; ++r) CHECK(got.ids(0, r) == r);
}

TEST_CASE("exclusions drop the listed ids per query", "[knn][exact]") {
  const Matrix x = random_matrix(300, 8, 11);
  ExactIndex index(x, Metric::Cosine);
  const Matrix q = x.topRows(3);
  Exclusions exclude = {{0}, {1, 5}, {}};
  const Neighbors plain = index.search(q, 6);
  const Neighbors got = index.search(q, 5, &exclude);
  CHECK(plain.ids(0, 0) == 0);
  for (std::int64_t i = 0; i < 3; ++i) {
    std::int64_t r = 0;
    for (std::int64_t s = 0; s < 6 && r < 5; ++s) {
      const auto& skip = exclude[i];
      if (std::find(skip.begin(), skip.end(), plain.ids(i, s)) != skip.end()) continue;
      CHECK(got.ids(i, r) == plain.ids(i, s));
      ++r;
    }
  }
  Exclusions wrong_size = {{0}};
  CHECK_THROWS_AS(index.search(q, 5, &wrong_size), UsageError);
  CHECK_THROWS_AS(index.search(q, 0), UsageError);
  CHECK_THROWS_AS(index.search(Matrix::Ones(1, 3), 1), UsageError);
}
