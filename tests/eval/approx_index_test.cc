#include <catch2/catch.hpp>

#include "core/error.h"
#include "eval/exact_index.h"
#include "eval/ivf_index.h"
#include "eval/kdtree_index.h"
#include "eval/kmeans.h"
#include "eval/lsh_index.h"
#include "knn_test_util.h"

using namespace embkit;
using embkit::testing::random_matrix;
using embkit::testing::recall_at_k;

TEST_CASE("kd-tree is exact for every metric, in 2-d and 40-d", "[knn][kdtree]") {
  for (std::int64_t d : {2, 40}) {
    const Matrix x = random_matrix(3000, d, 31);
    const Matrix q = random_matrix(100, d, 32);
    for (Metric metric : {Metric::L2, Metric::Cosine, Metric::Dot}) {
      KdTreeIndex tree(x, metric, KdTreeParams{8});
      tree.set_threads(2);
      ExactIndex exact(x, metric);
      const Neighbors want = exact.search(q, 10), got = tree.search(q, 10);
      INFO("d " << d << " metric " << metric_name(metric));
      for (std::int64_t i = 0; i < q.rows(); ++i)
        for (std::int64_t r = 0; r < 10; ++r)
          CHECK(got.scores(i, r) == Approx(want.scores(i, r)).epsilon(1e-4).margin(1e-4));
      CHECK(recall_at_k(want, got) > 0.99);
      // Pruning works in 2-d, and barely in 40-d (the curse of dimensionality).
      if (d == 2 && metric == Metric::L2) CHECK(tree.last_scanned_fraction() < 0.05);
    }
  }
  Matrix one(1, 3);
  one << 1, 2, 3;
  KdTreeIndex single(one, Metric::L2);
  const Neighbors got = single.search(one, 2);
  CHECK(got.ids(0, 0) == 0);
  CHECK(got.ids(0, 1) == -1);
  CHECK_THROWS_AS(KdTreeIndex(one, Metric::L2, KdTreeParams{0}), UsageError);
}

TEST_CASE("ivf: recall grows with nprobe and nprobe = nlist is exact", "[knn][ivf]") {
  const Matrix x = random_matrix(4000, 24, 41);
  const Matrix q = random_matrix(150, 24, 42);
  for (Metric metric : {Metric::Cosine, Metric::L2}) {
    IvfParams params;
    params.nlist = 32;
    params.nprobe = 1;
    IvfIndex ivf(x, metric, params, 2);
    ExactIndex exact(x, metric);
    const Neighbors truth = exact.search(q, 10);
    const double low = recall_at_k(truth, ivf.search(q, 10));
    ivf.set_nprobe(8);
    const double mid = recall_at_k(truth, ivf.search(q, 10));
    ivf.set_nprobe(32);
    const double all = recall_at_k(truth, ivf.search(q, 10));
    INFO("metric " << metric_name(metric) << " recall " << low << " " << mid << " " << all);
    CHECK(low < mid);
    CHECK(mid >= 0.9);
    CHECK(all > 0.999);
  }
  Matrix tiny = random_matrix(3, 4, 1);
  IvfParams params;
  params.nprobe = 8;  // the library's default when this case was written
  params.nlist = 10;  // clamped to the number of rows
  IvfIndex small(tiny, Metric::L2, params, 1);
  CHECK(small.nlist() == 3);
  const Neighbors got = small.search(tiny, 5);
  CHECK(got.ids(0, 0) == 0);
  CHECK(got.ids(0, 4) == -1);
  CHECK_THROWS_AS(small.set_nprobe(0), UsageError);
}

TEST_CASE("lsh: more tables and probes raise recall; candidates are re-ranked exactly", "[knn][lsh]") {
  const Matrix x = random_matrix(4000, 32, 51);
  const Matrix q = random_matrix(150, 32, 52);
  ExactIndex exact(x, Metric::Cosine);
  const Neighbors truth = exact.search(q, 10);
  LshParams few{2, 14, 0, 7}, many{16, 10, 0, 7};
  LshIndex a(x, Metric::Cosine, few, 2), b(x, Metric::Cosine, many, 2);
  const Neighbors got_a = a.search(q, 10);
  const double ra = recall_at_k(truth, got_a);
  const double rb = recall_at_k(truth, b.search(q, 10));
  b.set_probes(3);
  const double rc = recall_at_k(truth, b.search(q, 10));
  INFO("recall " << ra << " " << rb << " " << rc);
  CHECK(ra < rb);
  CHECK(rb <= rc);
  CHECK(rc > 0.9);
  // Every returned score is the true cosine of that row.
  ExactIndex exact_all(x, Metric::Cosine);
  for (std::int64_t i = 0; i < 5; ++i)
    for (std::int64_t r = 0; r < 10; ++r) {
      const std::int64_t id = got_a.ids(i, r);
      if (id < 0) continue;
      const float cosine = q.row(i).dot(x.row(id)) / (q.row(i).norm() * x.row(id).norm());
      CHECK(got_a.scores(i, r) == Approx(cosine).margin(1e-5));
    }
  CHECK_THROWS_AS(LshIndex(x, Metric::Cosine, LshParams{0, 8, 0, 1}), UsageError);
  CHECK_THROWS_AS(LshIndex(x, Metric::Cosine, LshParams{4, 65, 0, 1}), UsageError);
  CHECK_THROWS_AS(b.set_probes(11), UsageError);
}

TEST_CASE("k-means finds well separated clusters", "[knn][kmeans]") {
  Matrix x(300, 2);
  for (int i = 0; i < 300; ++i) {
    const float cx = (i % 3) * 100.0f;
    x(i, 0) = cx + (i % 7) * 0.1f;
    x(i, 1) = (i % 5) * 0.1f;
  }
  KMeansParams params;
  params.clusters = 3;
  params.seed = 3;
  const KMeansResult result = kmeans(x, params);
  REQUIRE(result.assignment.size() == 300);
  for (int i = 3; i < 300; ++i) CHECK(result.assignment[i] == result.assignment[i % 3]);
  CHECK(result.objective < 300 * 1.0);
  params.clusters = 301;
  CHECK_THROWS_AS(kmeans(x, params), UsageError);
}
