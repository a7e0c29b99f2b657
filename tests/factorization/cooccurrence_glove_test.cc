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

TEST_CASE("streaming co-occurrence over many small blocks and chunks equals the in-memory count", "[cooccurrence]") {
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
  const Cooccurrence direct = count_cooccurrence_ids(ids, vocab.size(), o);
  // Chunks of 7 cells: every merge frees and refills many chunks, and the
  // total's chunk boundaries fall anywhere in the runs.
  const int chunk_entries = GENERATE(7, 1 << 22);
  o.chunk_entries = chunk_entries;
  const Cooccurrence streamed = count_cooccurrence(tmp.file("c.txt"), vocab, o);
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

// Two words, one co-occurrence X_01 = X_10 = 10, d = 2. Each record takes one
// step of eq. 8's gradient: diff = w·w̃ + b + b̃ − ln x, f = (x/x_max)^α,
// g = η f diff; w −= g w̃ / √G, w̃ −= g w / √G (G = 1 at the start), then
// G += (g w̃)²; the biases alike with g_b = η_b f diff. The record (0, 1) goes
// first, then its mirror (1, 0) in the second pass.
static void check_one_cell_by_hand(double bias_eta) {
  GloveOptions o;
  o.dim = 2;
  o.epochs = 1;
  o.threads = 1;
  o.quiet = true;
  o.bias_learning_rate = bias_eta;
  o.x_max = 100;  // the paper's, as the hand computation below
  GloveModel m = init_glove(2, o, 7);
  m.word << 0.1f, -0.2f, 0.05f, 0.3f, 0.4f, 0.02f;       // rows [w_r | b_r]
  m.context << -0.1f, 0.25f, 0.01f, 0.2f, -0.3f, -0.04f;
  std::vector<CooccurrenceEntry> cells = {{0, 1, 10.0f}};
  std::vector<double> costs;
  train_glove(m, cells, o, [&](const GloveEpochReport& r) { costs.push_back(r.cost); });

  const double f = std::pow(10.0 / 100.0, 0.75), eta = 0.05, log_x = std::log(10.0);
  double w[2][3] = {{0.1, -0.2, 0.05}, {0.3, 0.4, 0.02}}, c[2][3] = {{-0.1, 0.25, 0.01}, {0.2, -0.3, -0.04}};
  double gw[2][3] = {{1, 1, 1}, {1, 1, 1}}, gc[2][3] = {{1, 1, 1}, {1, 1, 1}};
  double cost = 0;
  for (auto [a, b] : {std::pair<int, int>{0, 1}, std::pair<int, int>{1, 0}}) {
    const double diff = w[a][0] * c[b][0] + w[a][1] * c[b][1] + w[a][2] + c[b][2] - log_x;
    const double g = eta * f * diff, g_bias = bias_eta * f * diff;
    cost += 0.5 * f * diff * diff;
    for (int k = 0; k < 2; ++k) {
      const double step_w = g * c[b][k], step_c = g * w[a][k];
      w[a][k] -= step_w / std::sqrt(gw[a][k]);
      c[b][k] -= step_c / std::sqrt(gc[b][k]);
      gw[a][k] += step_w * step_w;
      gc[b][k] += step_c * step_c;
    }
    w[a][2] -= g_bias / std::sqrt(gw[a][2]);
    c[b][2] -= g_bias / std::sqrt(gc[b][2]);
    gw[a][2] += g_bias * g_bias;
    gc[b][2] += g_bias * g_bias;
  }
  for (int r = 0; r < 2; ++r)
    for (int k = 0; k < 3; ++k) {
      CHECK(m.word(r, k) == Approx(w[r][k]).margin(1e-6));
      CHECK(m.context(r, k) == Approx(c[r][k]).margin(1e-6));
      CHECK(m.word_gradsq(r, k) == Approx(gw[r][k]).margin(1e-6));
      CHECK(m.context_gradsq(r, k) == Approx(gc[r][k]).margin(1e-6));
    }
  REQUIRE(costs.size() == 1);
  CHECK(costs[0] == Approx(cost / 2).epsilon(1e-5));  // mean over the two updates
}

TEST_CASE("one GloVe epoch on one cell equals the AdaGrad step computed by hand", "[glove]") {
  SECTION("biases at the default rate 1, as the reference's current glove.c") {
    CHECK(GloveOptions{}.bias_learning_rate == 1.0);
    check_one_cell_by_hand(1.0);
  }
  SECTION("biases at the vectors' rate, as its older releases") { check_one_cell_by_hand(0.05); }
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
