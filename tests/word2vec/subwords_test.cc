// The subword model (fastText's, src/word2vec/subwords.h): n-gram ids equal
// fastText's (a fixture made with the fasttext binary), the training step
// against finite differences of its loss, unseen words' vectors, the model
// file's round trip and refusals, and training with every existing option.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/random.h"
#include "core/vectors_io.h"
#include "support/test_util.h"
#include "word2vec/checkpoint.h"
#include "word2vec/subword_kernels.h"
#include "word2vec/subwords.h"
#include "word2vec/word2vec.h"

using namespace embkit;
using embkit::test::TempDir;

namespace {

bool same_bytes(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

// Words built from a few stems and suffixes, so that n-grams are shared.
std::string morphology_corpus(int lines, std::uint64_t seed) {
  const char* stems[] = {"walk", "talk", "jump", "play", "kick", "look", "cook", "book"};
  const char* suffixes[] = {"", "s", "ed", "ing", "er"};
  Rng rng(seed);
  std::ostringstream out;
  for (int l = 0; l < lines; ++l) {
    const int topic = static_cast<int>(rng.below(4));
    for (int w = 0; w < 8; ++w) {
      out << stems[2 * topic + rng.below(2)] << suffixes[rng.below(5)];
      out << (w == 7 ? '\n' : ' ');
    }
  }
  return out.str();
}

Word2VecArgs subword_args(const std::string& input) {
  Word2VecArgs a;
  a.input = input;
  a.dim = 12;
  a.epochs = 2;
  a.min_count = 1;
  a.sample = 0;
  a.threads = 1;
  a.seed = 5;
  a.quiet = true;
  a.minn = 3;
  a.maxn = 5;
  a.buckets = 997;
  return a;
}

}  // namespace

TEST_CASE("n-gram extraction and hashing equal fastText's, non-ASCII words included", "[word2vec][subwords]") {
  // word → its (n-gram, bucket) list from fastText 0.9.2, in its order.
  std::ifstream in(test::source_path("tests/word2vec/data/fasttext_ngrams.tsv"));
  REQUIRE(in);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> expected;
  std::vector<std::string> order;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    const std::string word = line.substr(0, a), gram = line.substr(a + 1, b - a - 1), row = line.substr(b + 1);
    if (!expected.count(word)) order.push_back(word);
    auto& grams = expected[word];
    // The in-vocabulary word's own row is not an n-gram.
    if (row != "word") grams.push_back({gram, row});
  }
  REQUIRE(order.size() == 17);
  int non_ascii = 0;
  for (const std::string& word : order) {
    INFO(word);
    std::vector<std::uint32_t> ids;
    std::vector<std::string> grams;
    subword_buckets(word, 3, 6, 2000000, ids, &grams);
    REQUIRE(ids.size() == expected[word].size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      CHECK(grams[i] == expected[word][i].first);
      CHECK(std::to_string(ids[i]) == expected[word][i].second);
      non_ascii += grams[i].find_first_of("\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
                                          "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
                                          "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"
                                          "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf") !=
                   std::string::npos;
    }
  }
  // The signed-char hashing matters only for bytes ≥ 0x80: the fixture must have them.
  CHECK(non_ascii > 50);
  // "<a>" is the whole word as an n-gram; "<" alone never is.
  CHECK(expected["a"].size() == 1);
  CHECK(fasttext_hash("") == 2166136261u);
}

TEST_CASE("subword step: updates are fastText's gradient of the n-gram loss (finite differences)",
          "[word2vec][subwords]") {
  const int dim = 8, buckets = 31;
  Vocabulary vocabulary({{"walking", 5}, {"talk", 4}, {"jumps", 3}, {"aaaaa", 2}});
  const SubwordTable table(vocabulary, 2, 4, buckets);
  const auto words = static_cast<std::uint32_t>(vocabulary.size());
  Rng rng(3);
  Matrix input(words + buckets, dim), output(words, dim);
  for (Eigen::Index i = 0; i < input.size(); ++i) input.data()[i] = static_cast<float>(rng.normal() * 0.3);
  for (Eigen::Index i = 0; i < output.size(); ++i) output.data()[i] = static_cast<float>(rng.normal() * 0.3);
  NoiseSampler noise(std::vector<std::uint64_t>{5, 4, 3, 2}, 0.75);
  w2v::SigmoidTable sigmoid;
  const int negative = 3;
  // "aaaaa" repeats n-grams: a row twice in G_w gets the update twice.
  for (const std::uint32_t word : {0u, 3u}) {
    INFO("word " << word);
    const std::uint32_t positive = 0 == word ? 3u : 0u;
    const std::uint32_t noise_here[negative] = {1, 2, positive};  // the last is skipped
    Matrix in_after = input, out_after = output;
    const w2v::SubwordSteps steps(in_after.data(), out_after.data(), dim, 2, negative, table, noise, sigmoid);
    std::vector<float> hidden(dim), grad(dim, 0.f);
    const float lr = 1e-3f;
    steps.mean_input(word, hidden.data());
    const double loss = steps.step(hidden.data(), positive, noise_here, grad.data(), lr);
    steps.scatter(word, grad.data());
    const int count = table.count(word);
    const std::uint32_t* rows = table.rows(word);
    auto reference = [&](const Matrix& in, const Matrix& out) {
      return w2v::subword_loss_reference(in.data(), out.data(), dim, rows, count, positive, noise_here, negative);
    };
    CHECK(loss == Approx(reference(input, output)).margin(5e-3));
    const double h = 1e-3;
    // Input rows: Δz_r = −α |G_w| ∂L/∂z_r (fastText adds ∂L/∂h to every row).
    for (int k = 0; k < count; ++k) {
      const std::uint32_t r = rows[k];
      for (int d = 0; d < dim; ++d) {
        Matrix plus = input, minus = input;
        plus(r, d) += static_cast<float>(h);
        minus(r, d) -= static_cast<float>(h);
        const double dz = (reference(plus, output) - reference(minus, output)) / (2 * h);
        // (The σ table's error, ~1e-3, is multiplied by a row's repeats.)
        CHECK(-(in_after(r, d) - input(r, d)) / lr == Approx(count * dz).epsilon(0.01).margin(3e-3));
      }
    }
    // Output rows: Δv_c = −α ∂L/∂v_c; the skipped noise word's row moves once.
    for (const std::uint32_t c : {positive, 1u, 2u}) {
      for (int d = 0; d < dim; ++d) {
        Matrix plus = output, minus = output;
        plus(c, d) += static_cast<float>(h);
        minus(c, d) -= static_cast<float>(h);
        const double dv = (reference(input, plus) - reference(input, minus)) / (2 * h);
        CHECK(-(out_after(c, d) - output(c, d)) / lr == Approx(dv).margin(3e-3));
      }
    }
  }
}

TEST_CASE("subword table: ρ_w counts repeated rows (Σ m_r² / |G_w|)", "[word2vec][subwords]") {
  // "<aaaa>" with 3-grams: <aa, aaa, aaa, aa>; with the word's own row G has 5
  // entries and "aaa" twice: (1 + 1 + 4 + 1) / 5.
  const SubwordTable table(Vocabulary({{"aaaa", 3}, {"xyz", 2}}), 3, 3, 2000000);
  REQUIRE(table.count(0) == 5);
  CHECK(table.drift(0) == Approx(7.0 / 5));
  CHECK(table.drift(1) == 1.f);
  // One bucket: every n-gram in it.  "<xyz>" → <xy, xyz, yz>: 1 + 9 over 4.
  const SubwordTable one(Vocabulary({{"xyz", 2}}), 3, 3, 1);
  CHECK(one.drift(0) == Approx(10.0 / 4));
}

namespace {

// fastText's order of work (Model::update per pair): the input mean recomputed
// before every step and the gradient scattered right after it.
struct SequentialSubwords {
  const w2v::SubwordSteps& steps;
  const SubwordTable& table;
  int dim, window;

  void skipgram(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, std::vector<std::uint32_t>& noise) const {
    std::vector<float> hidden(dim), grad(dim);
    for (int i = 0; i < n; ++i) {
      const int r = steps.reach(rng);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (hi == lo) continue;
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        steps.draw_noise(noise.data(), rng);
        steps.mean_input(s[i], hidden.data());
        std::fill(grad.begin(), grad.end(), 0.f);
        steps.step(hidden.data(), s[j], noise.data(), grad.data(), lr);
        steps.scatter(s[i], grad.data());
      }
    }
  }
  void cbow(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, std::vector<std::uint32_t>& noise) const {
    std::vector<float> hidden(dim), grad(dim);
    for (int i = 0; i < n; ++i) {
      const int r = steps.reach(rng);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (hi == lo) continue;
      std::fill(hidden.begin(), hidden.end(), 0.f);
      int rows = 0;
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        for (int k = 0; k < table.count(s[j]); ++k)
          for (int d = 0; d < dim; ++d) hidden[d] += steps.in_row(table.rows(s[j])[k])[d];
        rows += table.count(s[j]);
      }
      for (float& x : hidden) x /= static_cast<float>(rows);
      std::fill(grad.begin(), grad.end(), 0.f);
      steps.draw_noise(noise.data(), rng);
      steps.step(hidden.data(), s[i], noise.data(), grad.data(), lr);
      for (int j = lo; j <= hi; ++j)
        if (j != i) steps.scatter(s[j], grad.data());
    }
  }
};

}  // namespace

TEST_CASE("subword steps: batched skip-gram and CBOW equal fastText's pair-by-pair updates",
          "[word2vec][subwords]") {
  const int dim = 6, window = 3, negative = 2;
  // Skip-gram: repeats and bucket collisions (7 buckets) are allowed — the kept
  // mean moves by ρ_w·g, exactly as the recomputed one. CBOW: words with no
  // row in common (a row shared by two context words is the approximation the
  // kernel documents), so again exact.
  for (const bool cbow : {false, true}) {
    INFO((cbow ? "cbow" : "skipgram"));
    const Vocabulary vocabulary = cbow ? Vocabulary({{"ab", 5}, {"cd", 4}, {"ef", 3}, {"gh", 2}})
                                       : Vocabulary({{"aaaa", 5}, {"abab", 4}, {"walks", 3}, {"talk", 2}});
    const std::uint64_t buckets = cbow ? 1000 : 7;
    const SubwordTable table(vocabulary, 2, 3, buckets);
    const auto words = static_cast<std::uint32_t>(vocabulary.size());
    if (cbow) {
      std::vector<std::uint32_t> all;
      for (std::uint32_t w = 0; w < words; ++w) all.insert(all.end(), table.rows(w), table.rows(w) + table.count(w));
      std::sort(all.begin(), all.end());
      REQUIRE(std::adjacent_find(all.begin(), all.end()) == all.end());
    }
    Rng rng(11);
    Matrix input(words + static_cast<Eigen::Index>(buckets), dim), output(words, dim);
    for (Eigen::Index i = 0; i < input.size(); ++i) input.data()[i] = static_cast<float>(rng.normal() * 0.5);
    for (Eigen::Index i = 0; i < output.size(); ++i) output.data()[i] = static_cast<float>(rng.normal() * 0.5);
    const NoiseSampler noise(std::vector<std::uint64_t>{5, 4, 3, 2}, 0.75);
    const w2v::SigmoidTable sigmoid;
    const std::vector<std::uint32_t> sentence = {0, 1, 2, 0, 3, 1, 0, 0, 2, 3, 1, 2};
    const float lr = 0.2f;  // large, so that stale means would show

    Matrix batched_in = input, batched_out = output;
    const w2v::SubwordSteps batched(batched_in.data(), batched_out.data(), dim, window, negative, table, noise, sigmoid);
    w2v::SubwordScratch scratch(dim, window, negative);
    w2v::FastRng rng_a{{1, 2, 3, 99}};
    double loss = 0;
    std::uint64_t pairs = 0;
    if (cbow) batched.cbow(sentence.data(), static_cast<int>(sentence.size()), rng_a, lr, scratch, loss, pairs);
    else batched.skipgram(sentence.data(), static_cast<int>(sentence.size()), rng_a, lr, scratch, loss, pairs);

    Matrix seq_in = input, seq_out = output;
    const w2v::SubwordSteps steps(seq_in.data(), seq_out.data(), dim, window, negative, table, noise, sigmoid);
    const SequentialSubwords sequential{steps, table, dim, window};
    w2v::FastRng rng_b{{1, 2, 3, 99}};
    std::vector<std::uint32_t> noise_words(negative);
    if (cbow) sequential.cbow(sentence.data(), static_cast<int>(sentence.size()), rng_b, lr, noise_words);
    else sequential.skipgram(sentence.data(), static_cast<int>(sentence.size()), rng_b, lr, noise_words);

    CHECK(pairs > 10);
    CHECK((batched_in - input).norm() > 0.1);  // the updates are not negligible
    CHECK((batched_in - seq_in).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK((batched_out - seq_out).cwiseAbs().maxCoeff() < 1e-5f);
  }
}

TEST_CASE("subword training: vectors are n-gram means; unseen words get the mean of their n-grams",
          "[word2vec][subwords]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, morphology_corpus(1500, 1));
  for (const Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO(word2vec_model_name(model));
    Word2VecArgs a = subword_args(corpus);
    a.model = model;
    Word2Vec trainer(a);
    const Embeddings vectors = trainer.train();
    const SubwordModel m = trainer.subword_model();
    REQUIRE(m.input().rows() == vectors.rows() + 997);
    // The .vec rows are the model's word vectors.
    for (Eigen::Index w = 0; w < vectors.rows(); ++w)
      CHECK(vectors.vectors.row(w).transpose().isApprox(m.word_vector(vectors.labels[w]), 1e-6f));
    // An unseen word: the normalised sum of its n-gram rows, computed here by hand.
    for (const std::string unseen : {"walkings", "cookers", "naïvely", "zz"}) {
      REQUIRE(vectors.find(unseen) < 0);
      std::vector<std::uint32_t> ids;
      subword_buckets(unseen, 3, 5, 997, ids);
      Vector sum = Vector::Zero(12);
      for (const std::uint32_t b : ids) sum += m.input().row(vectors.rows() + b).transpose();
      const Vector expected = ids.empty() ? sum : Vector(sum / static_cast<float>(ids.size()));
      INFO(unseen << ": " << m.word_vector(unseen).transpose() << " vs " << expected.transpose());
      CHECK(m.word_vector(unseen).isApprox(expected, 1e-6f));
    }
    // "<>" has no n-gram of 3..5 characters: the zero vector, as fastText's.
    CHECK(m.word_vector("").isZero());
  }
}

TEST_CASE("subword model: save → load round trip is exact; bad or truncated files are refused",
          "[word2vec][subwords]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, morphology_corpus(300, 2));
  Word2Vec trainer(subword_args(corpus));
  trainer.train();
  const SubwordModel m = trainer.subword_model();
  const std::string path = tmp.file("m.model");
  m.save(path);
  const SubwordModel loaded = SubwordModel::load(path);
  CHECK(same_bytes(loaded.input(), m.input()));
  CHECK(loaded.vocabulary().words() == m.vocabulary().words());
  CHECK(loaded.args().minn == 3);
  CHECK(loaded.args().maxn == 5);
  CHECK(loaded.args().buckets == 997);
  CHECK(loaded.word_vector("unseenword") == m.word_vector("unseenword"));

  const std::string bytes = test::read_file(path);
  auto refused = [&](const std::string& content, const std::string& fragment) {
    const std::string bad = tmp.file("bad.model");
    test::write_file(bad, content);
    try {
      SubwordModel::load(bad);
      FAIL("loaded a bad model: " << fragment);
    } catch (const InputError& e) {
      CHECK_THAT(e.what(), Catch::Contains(fragment));
    }
  };
  refused(bytes.substr(0, bytes.size() / 2), "truncated subword model");
  refused(bytes.substr(0, bytes.size() - 3), "truncated subword model");
  refused("not a model at all\n", "bad header");
  refused(bytes + "x", "bytes after the end marker");
  std::string flipped = bytes;
  flipped[bytes.size() - 100] ^= 0x10;  // a bit of the matrix
  refused(flipped, "checksum mismatch");
  std::string settings = bytes;
  settings[sizeof("EMBKIT-SUBWORD-MODEL 1\n") - 1 + 4] = 0;  // dim 0
  refused(settings, "settings out of range");
}

TEST_CASE("subword training: deterministic with one thread; checkpoint/resume exact; threads run",
          "[word2vec][subwords]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, morphology_corpus(800, 3));
  for (const Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO(word2vec_model_name(model));
    Word2VecArgs a = subword_args(corpus);
    a.model = model;
    a.epochs = 3;
    a.sample = 1e-2;
    a.max_sentence = 7;
    Word2Vec plain(a);
    const Embeddings reference = plain.train();
    const Matrix reference_input = plain.subword_model().input();
    CHECK(same_bytes(Word2Vec(a).train().vectors, reference.vectors));

    Word2VecArgs with_checkpoint = a;
    with_checkpoint.checkpoint = tmp.file("run.ckpt");
    with_checkpoint.checkpoint_every = 37;
    CHECK(same_bytes(Word2Vec(with_checkpoint).train().vectors, reference.vectors));
    const Word2VecState state = load_checkpoint(with_checkpoint.checkpoint);
    CHECK(state.args.minn == 3);
    CHECK(state.input.rows() == state.vocabulary.size() + 997);

    Word2VecArgs resume = a;
    resume.resume = with_checkpoint.checkpoint;
    resume.minn = 1;  // ignored: the checkpoint's settings win
    Word2Vec resumed(resume);
    CHECK(same_bytes(resumed.train().vectors, reference.vectors));
    CHECK(same_bytes(resumed.subword_model().input(), reference_input));

    Word2VecArgs threaded = a;
    threaded.threads = 2;
    const Embeddings two = Word2Vec(threaded).train();
    CHECK(two.vectors.allFinite());
    CHECK(two.labels == reference.labels);
  }
}

TEST_CASE("subword settings are validated", "[word2vec][subwords]") {
  Word2VecArgs a = subword_args("x");
  a.minn = 4;
  a.maxn = 3;
  CHECK_THROWS_AS(a.validate(), UsageError);
  a = subword_args("x");
  a.buckets = 0;
  CHECK_THROWS_AS(a.validate(), UsageError);
  a = subword_args("x");
  a.model = Word2VecModel::Cbow;
  a.cbow_sum = true;
  CHECK_THROWS_AS(a.validate(), UsageError);
  a = subword_args("x");
  a.init = "v.vec";
  CHECK_THROWS_AS(a.validate(), UsageError);
}

TEST_CASE("the commands: word2vec --subwords --save-model, vectors and knn --load-model for unseen words",
          "[word2vec][subwords]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, morphology_corpus(400, 4));
  const std::string vec = tmp.file("w.vec"), model = tmp.file("w.model");
  auto r = test::run_embkit("word2vec --input " + corpus + " --output " + vec + " --subwords 3-5 --buckets 1000 " +
                            "--dim 10 --min-count 1 --threads 1 --quiet --save-model " + model);
  REQUIRE(r.exit_code == 0);
  const Embeddings words = read_vectors(vec);
  const std::string list = tmp.file("words.txt");
  test::write_file(list, "walking unseenwalks\n\nnaïve\n");
  r = test::run_embkit("vectors --load-model " + model + " --words " + list);
  REQUIRE(r.exit_code == 0);
  CHECK(test::count_lines(r.out) == 3);
  const std::string printed = tmp.file("printed.txt");
  test::write_file(printed, r.out);
  const Embeddings got = read_vectors(printed);
  REQUIRE(got.labels == std::vector<std::string>{"walking", "unseenwalks", "naïve"});
  CHECK(got.vectors.row(0).isApprox(words.vectors.row(words.find("walking")), 1e-6f));
  const SubwordModel m = SubwordModel::load(model);
  CHECK(got.vectors.row(1).transpose().isApprox(m.word_vector("unseenwalks"), 1e-6f));
  r = test::run_embkit("knn --load-model " + model + " --query unseenwalks --k 3");
  REQUIRE(r.exit_code == 0);
  CHECK(test::count_lines(r.out) == 3);
  CHECK(r.out.rfind("unseenwalks\t", 0) == 0);
  r = test::run_embkit("word2vec --input " + corpus + " --output " + vec + " --subwords 3-5 --min-count 1 " +
                       "--max-memory 100M --quiet");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("2000000 n-gram buckets"));
}
