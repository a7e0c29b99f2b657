#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "core/error.h"
#include "core/corpus.h"
#include "core/random.h"
#include "factorization/cooccurrence.h"
#include "factorization/glove.h"
#include "factorization/ppmi.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::write_file;

namespace {

// Slow reference: the full symmetric matrix, both directions counted per pair.
std::map<std::pair<int, int>, double> brute_force(const std::vector<std::int64_t>& ids, int window, WindowWeighting w) {
  std::map<std::pair<int, int>, double> x;
  for (std::size_t p = 0; p < ids.size(); ++p) {
    if (ids[p] < 0) continue;
    for (int d = 1; d <= window && static_cast<std::size_t>(d) <= p; ++d) {
      if (ids[p - static_cast<std::size_t>(d)] < 0) break;
      const double weight = w == WindowWeighting::Uniform ? 1.0 : w == WindowWeighting::Harmonic ? 1.0 / d : (window - d + 1.0) / window;
      const int a = static_cast<int>(ids[p]), b = static_cast<int>(ids[p - static_cast<std::size_t>(d)]);
      x[{a, b}] += weight;
      x[{b, a}] += weight;
    }
  }
  return x;
}

std::vector<std::int64_t> random_ids(int n, int vocab, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::int64_t> ids;
  for (int k = 0; k < n; ++k) ids.push_back(rng.below(20) == 0 ? -1 : static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(vocab))));
  return ids;
}

}  // namespace

TEST_CASE("co-occurrence counts match a brute-force count for every weighting", "[cooccurrence]") {
  const auto ids = random_ids(3000, 30, 11);
  for (WindowWeighting w : {WindowWeighting::Uniform, WindowWeighting::Harmonic, WindowWeighting::Dynamic}) {
    CooccurrenceOptions o;
    o.window = 4;
    o.weighting = w;
    o.threads = 2;
    const Cooccurrence c = count_cooccurrence_ids(ids, 30, o);
    const auto expected = brute_force(ids, 4, w);
    const SparseMatrix m = c.to_symmetric_sparse();
    CHECK(static_cast<std::size_t>(m.nonZeros()) == expected.size());
    for (const auto& [cell, value] : expected) CHECK(m.coeff(cell.first, cell.second) == Approx(value).epsilon(1e-5));
    for (std::size_t k = 1; k < c.upper.size(); ++k) {
      CHECK(c.upper[k].row <= c.upper[k].col);
      CHECK((c.upper[k - 1].row < c.upper[k].row || c.upper[k - 1].col < c.upper[k].col));
    }
  }
}

TEST_CASE("streaming co-occurrence over many small blocks equals the in-memory count", "[cooccurrence]") {
  TempDir tmp;
  // Words w0..w24 in lines; w25+ are rare and fall under min-count.
  Rng rng(3);
  std::string text;
  for (int line = 0; line < 60; ++line) {
    for (int k = 0; k < 40; ++k) text += "w" + std::to_string(rng.below(30)) + (k % 7 == 6 ? "  " : " ");
    text += "\n";
  }
  write_file(tmp.file("c.txt"), text);
  TokenStream stream(tmp.file("c.txt"));
  VocabularyOptions vo;
  vo.min_count = 1;
  const Vocabulary vocab = Vocabulary::build(stream, vo);
  std::vector<std::int64_t> ids;
  {
    TokenStream again(tmp.file("c.txt"));
    std::string_view word;
    for (;;) {
      const auto kind = again.next(word);
      if (kind == TokenStream::Kind::End) break;
      if (kind == TokenStream::Kind::EndOfLine) ids.push_back(-1);
      else ids.push_back(vocab.find(word));
    }
  }
  CooccurrenceOptions o;
  o.window = 5;
  o.block_pairs = 37;  // a handful of tokens per block: exercises the carried context
  o.quiet = true;
  const Cooccurrence streamed = count_cooccurrence(tmp.file("c.txt"), vocab, o);
  const Cooccurrence direct = count_cooccurrence_ids(ids, vocab.size(), o);
  CHECK(streamed.tokens == direct.tokens);
  REQUIRE(streamed.upper.size() == direct.upper.size());
  for (std::size_t k = 0; k < direct.upper.size(); ++k) {
    CHECK(streamed.upper[k].row == direct.upper[k].row);
    CHECK(streamed.upper[k].col == direct.upper[k].col);
    CHECK(streamed.upper[k].value == Approx(direct.upper[k].value).epsilon(1e-5));
  }
  CHECK_THROWS_AS(parse_window_weighting("gaussian"), UsageError);
}

TEST_CASE("PPMI matches the formula cell by cell", "[ppmi]") {
  const auto ids = random_ids(2000, 15, 5);
  CooccurrenceOptions o;
  o.window = 3;
  o.weighting = WindowWeighting::Uniform;
  const Cooccurrence c = count_cooccurrence_ids(ids, 15, o);
  const SparseMatrix x = c.to_symmetric_sparse();
  PpmiOptions po;
  po.cds_alpha = 0.75;
  po.shift = 2;
  const SparseMatrix ppmi = ppmi_matrix(c, po);
  Eigen::MatrixXd dense = Eigen::MatrixXd(x);
  const Eigen::VectorXd rows = dense.rowwise().sum();
  const Eigen::VectorXd smoothed = rows.array().pow(0.75);
  for (int w = 0; w < 15; ++w)
    for (int ctx = 0; ctx < 15; ++ctx) {
      double expected = 0;
      if (dense(w, ctx) > 0)
        expected = std::max(0.0, std::log(dense(w, ctx) * smoothed.sum() / (rows[w] * smoothed[ctx])) - std::log(2.0));
      CHECK(ppmi.coeff(w, ctx) == Approx(expected).margin(1e-6));
    }
  SvdResult svd;
  svd.U = MatrixD::Identity(3, 2);
  svd.V = 2 * MatrixD::Identity(3, 2);
  svd.S = Eigen::Vector2d(4, 9);
  const Matrix w = ppmi_svd_vectors(svd, {0.5, true});
  CHECK(w(0, 0) == Approx(2 + 4));
  CHECK(w(1, 1) == Approx(3 + 6));
}

TEST_CASE("GloVe lowers its cost and resumes from a checkpoint exactly", "[glove]") {
  TempDir tmp;
  const auto ids = random_ids(4000, 40, 9);
  CooccurrenceOptions co;
  co.window = 5;
  const Cooccurrence c = count_cooccurrence_ids(ids, 40, co);
  GloveOptions o;
  o.dim = 8;
  o.epochs = 6;
  o.x_max = 10;
  o.threads = 1;
  o.quiet = true;

  GloveModel full = init_glove(40, o, 42);
  std::vector<CooccurrenceEntry> cells = c.upper;
  std::vector<double> costs;
  train_glove(full, cells, o, [&](const GloveEpochReport& r) { costs.push_back(r.cost); });
  REQUIRE(costs.size() == 6);
  CHECK(costs.back() < 0.5 * costs.front());

  // 3 epochs, checkpoint, reload, 3 more: identical to 6 in one go, because the
  // AdaGrad accumulators travel with the parameters.
  GloveOptions first = o;
  first.epochs = 3;
  GloveModel half = init_glove(40, o, 42);
  cells = c.upper;
  train_glove(half, cells, first);
  save_glove_checkpoint(half, tmp.file("g.ckpt"));
  GloveModel resumed = load_glove_checkpoint(tmp.file("g.ckpt"));
  CHECK(resumed.epochs_done == 3);
  CHECK(resumed.vocab_fingerprint == 42);
  std::vector<double> resumed_costs;
  cells = c.upper;
  train_glove(resumed, cells, o, [&](const GloveEpochReport& r) { resumed_costs.push_back(r.cost); });
  REQUIRE(resumed_costs.size() == 3);
  CHECK(resumed_costs[0] == costs[3]);
  CHECK(resumed.word == full.word);
  CHECK(resumed.context_gradsq == full.context_gradsq);
  CHECK(glove_vectors(full, true) == full.word.leftCols(8) + full.context.leftCols(8));

  // Truncated and foreign checkpoints are refused.
  const std::string bytes = embkit::test::read_file(tmp.file("g.ckpt"));
  write_file(tmp.file("short.ckpt"), bytes.substr(0, bytes.size() - 5));
  CHECK_THROWS_AS(load_glove_checkpoint(tmp.file("short.ckpt")), InputError);
  write_file(tmp.file("foreign.ckpt"), "not a checkpoint at all, just text");
  CHECK_THROWS_AS(load_glove_checkpoint(tmp.file("foreign.ckpt")), InputError);
  std::vector<CooccurrenceEntry> none;
  CHECK_THROWS_AS(train_glove(full, none, o), InputError);
}
