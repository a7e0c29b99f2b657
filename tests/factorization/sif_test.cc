// SIF (Arora, Liang & Ma 2017) against a 3-document example worked by hand,
// and the `embkit sif` command's handling of documents without known words.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/vectors_io.h"
#include "factorization/sif.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::test;
using Catch::Matchers::Contains;

namespace {

// Words the (1,0), cat (0,2), dog (2,2) with p = 1/2, 1/4, 1/4 and a = 1/4:
// weights a/(a+p) = 1/3, 1/2, 1/2. Documents [the cat], [the dog], [cat dog ?]
// (? has no vector: it is left out of the mean), so the weighted means are
//   m0 = ((1/3,0) + (0,1)) / 2 = (1/6, 1/2)
//   m1 = ((1/3,0) + (1,1)) / 2 = (2/3, 1/2)
//   m2 = ((0,1)   + (1,1)) / 2 = (1/2, 1)
struct Example {
  Matrix words{3, 2};
  DocumentRows docs{{0, 1}, {0, 2}, {1, 2, -1}};
  std::vector<double> p{0.5, 0.25, 0.25};
  Example() { words << 1, 0, 0, 2, 2, 2; }
};

}  // namespace

TEST_CASE("sif weights are a / (a + p(w))", "[sif]") {
  const std::vector<double> w = sif_weights({0.5, 0.25, 0.0}, 0.25);
  CHECK(w[0] == Approx(1.0 / 3));
  CHECK(w[1] == Approx(0.5));
  CHECK(w[2] == Approx(1.0));  // a word of unknown frequency counts fully
}

TEST_CASE("sif: weighted means and common component removal, by hand", "[sif]") {
  const Example ex;
  SifOptions options;
  options.a = 0.25;
  options.components = 0;
  const SifResult means = sif(ex.words, ex.docs, ex.p, options);
  const double m[3][2] = {{1.0 / 6, 0.5}, {2.0 / 3, 0.5}, {0.5, 1.0}};
  for (int d = 0; d < 3; ++d)
    for (int j = 0; j < 2; ++j) CHECK(means.vectors(d, j) == Approx(m[d][j]));
  CHECK(means.components.rows() == 0);

  // The first right singular vector of M is the top eigenvector of
  // MᵀM = [[13/18, 11/12], [11/12, 3/2]]: for [[a, b], [b, c]],
  // λ = (a+c)/2 + sqrt(((a−c)/2)² + b²) and u ∝ (b, λ − a).
  const double a = 13.0 / 18, b = 11.0 / 12, c = 1.5;
  const double lambda = (a + c) / 2 + std::sqrt((a - c) * (a - c) / 4 + b * b);
  const double norm = std::hypot(b, lambda - a);
  const double u[2] = {b / norm, (lambda - a) / norm};
  options.components = 1;
  const SifResult r = sif(ex.words, ex.docs, ex.p, options);
  REQUIRE(r.components.rows() == 1);
  const double sign = r.components(0, 0) > 0 ? 1 : -1;  // a singular vector's sign is arbitrary
  CHECK(sign * r.components(0, 0) == Approx(u[0]));
  CHECK(sign * r.components(0, 1) == Approx(u[1]));
  for (int d = 0; d < 3; ++d) {
    const double along = m[d][0] * u[0] + m[d][1] * u[1];
    CHECK(r.vectors(d, 0) == Approx(m[d][0] - along * u[0]).margin(1e-6));
    CHECK(r.vectors(d, 1) == Approx(m[d][1] - along * u[1]).margin(1e-6));
    // Nothing of the removed direction is left.
    CHECK(r.vectors(d, 0) * u[0] + r.vectors(d, 1) * u[1] == Approx(0).margin(1e-6));
  }
  CHECK(r.empty_documents == 0);
}

TEST_CASE("sif: word probabilities from the documents or from a vocabulary", "[sif]") {
  const Example ex;
  // 7 tokens in all, the unknown one included: each word occurs twice.
  const std::vector<double> p = probabilities_from_documents(ex.docs, 3);
  for (double x : p) CHECK(x == Approx(2.0 / 7));
  const Vocabulary vocab({{"the", 6}, {"cat", 3}, {"dog", 1}});
  const std::vector<double> q = probabilities_from_vocabulary(vocab, {"cat", "bird", "the"});
  CHECK(q[0] == Approx(0.3));
  CHECK(q[1] == 0.0);
  CHECK(q[2] == Approx(0.6));
}

TEST_CASE("sif: documents without known words are zero rows; none at all is an error", "[sif]") {
  const Example ex;
  SifOptions options;
  const SifResult r = sif(ex.words, {{0, 1}, {}, {-1, -1}, {1, 2}}, ex.p, options);
  CHECK(r.empty_documents == 2);
  CHECK(r.vectors.row(1).squaredNorm() == 0.f);
  CHECK(r.vectors.row(2).squaredNorm() == 0.f);
  CHECK(r.vectors.row(0).squaredNorm() > 0.f);
  CHECK_THROWS_AS(sif(ex.words, {{}, {-1}}, ex.p, options), InputError);
  options.a = 0;
  CHECK_THROWS_AS(sif(ex.words, ex.docs, ex.p, options), UsageError);
  options.a = 1e-3;
  options.components = -1;
  CHECK_THROWS_AS(sif(ex.words, ex.docs, ex.p, options), UsageError);
}

TEST_CASE("embkit sif writes one row per document in input order", "[sif][cli]") {
  TempDir tmp;
  const std::string words = tmp.write("w.vec", "3 2\nthe 1 0\ncat 0 2\ndog 2 2\n");
  const std::string docs = tmp.write("d.tsv", "pets\tThe cat\npets\tthe DOG\nnone\tzebra\nboth\tcat dog\n");
  const std::string counts = tmp.write("c.tsv", "the\t2\ncat\t1\ndog\t1\n");
  CommandResult r = run_embkit("sif --vectors " + words + " --input " + docs + " --output " + tmp.file("o.vec") +
                               " --counts " + counts + " --a 0.25 --labels-out " + tmp.file("labels.txt"));
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("1 of 4 document(s) have no word in"));
  const Embeddings out = read_vectors(tmp.file("o.vec"));
  REQUIRE(out.rows() == 4);
  CHECK(out.labels[0] == "doc0");
  CHECK(out.labels[3] == "doc3");
  CHECK(out.vectors.row(2).squaredNorm() == 0.f);
  CHECK(read_file(tmp.file("labels.txt")) == "pets\npets\nnone\nboth\n");
  // The library on the same rows: --counts gives p = 1/2, 1/4, 1/4.
  const Example ex;
  SifOptions options;
  options.a = 0.25;
  const SifResult lib = sif(ex.words, {{0, 1}, {0, 2}, {}, {1, 2}}, ex.p, options);
  for (int d = 0; d < 4; ++d)
    for (int j = 0; j < 2; ++j) CHECK(out.vectors(d, j) == Approx(lib.vectors(d, j)).margin(1e-6));
  r = run_embkit("sif --vectors " + words + " --input " + tmp.write("z.txt", "zebra\nyak\n") + " --output " +
                 tmp.file("z.vec"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("none of the 2 documents has a word with a vector"));
}

TEST_CASE("classify --features sif: is embkit sif over the training then test documents", "[sif][cli]") {
  TempDir tmp;
  const std::string words =
      tmp.write("w.vec", "6 3\nthe 1 1 1\nprofit 2 0 0.5\nshares 0 2 0.3\nrose 1.5 0.2 0\nbought 0.1 1.8 0\nfell 1.7 0 0.4\n");
  const std::string train = tmp.write("train.tsv", "class\ttext\nearn\tthe profit rose\nacq\tbought the shares\n"
                                                   "earn\tprofit fell\nacq\tthe shares bought\n");
  const std::string test = tmp.write("test.tsv", "earn\tprofit rose the\nacq\tshares\nearn\tthe zebra\n");
  const std::string all = tmp.write("all.tsv", read_file(train) + "earn\tprofit rose the\nacq\tshares\nearn\tthe zebra\n");
  REQUIRE(run_embkit("sif -q -v " + words + " -i " + all + " -o " + tmp.file("s.vec")).exit_code == 0);
  const CommandResult by_rows =
      run_embkit("classify -q --json -k 1 --train " + train + " --test " + test + " --features doc:" + tmp.file("s.vec"));
  const CommandResult direct =
      run_embkit("classify -q --json -k 1 --train " + train + " --test " + test + " --features sif:" + words);
  REQUIRE(direct.exit_code == 0);
  REQUIRE(by_rows.exit_code == 0);
  CHECK(direct.out.substr(direct.out.find("\"k\"")) == by_rows.out.substr(by_rows.out.find("\"k\"")));
  CHECK_THAT(direct.out, Contains("\"total\":3"));
}

TEST_CASE("embkit sif labels wikidoc rows by title", "[sif][cli]") {
  TempDir tmp;
  const std::string words = tmp.write("w.vec", "3 2\nthe 1 0\ncat 0 2\ndog 2 2\n");
  const std::string wiki = tmp.write("w.txt", "<doc id=\"1\" title=\"Cat food\">\nthe cat\n</doc>\n"
                                              "<doc id=\"2\" title=\"Dog\">\nthe dog\n</doc>\n");
  REQUIRE(run_embkit("sif -q -v " + words + " -i " + wiki + " -o " + tmp.file("o.vec") + " --labels-out " +
                     tmp.file("t.txt")).exit_code == 0);
  const Embeddings out = read_vectors(tmp.file("o.vec"));
  REQUIRE(out.rows() == 2);
  CHECK(out.labels[0] == "Cat_food");
  CHECK(out.labels[1] == "Dog");
  CHECK(read_file(tmp.file("t.txt")) == "Cat food\nDog\n");
  // Two documents with one title: numbered rows instead.
  const std::string twice = tmp.write("t2.txt", "<doc title=\"A\">\ncat\n</doc>\n<doc title=\"A\">\ndog\n</doc>\n");
  REQUIRE(run_embkit("sif -q -v " + words + " -i " + twice + " -o " + tmp.file("p.vec")).exit_code == 0);
  CHECK(read_vectors(tmp.file("p.vec")).labels[1] == "doc1");
}
