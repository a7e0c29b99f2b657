// End-to-end behaviour of the word2vec trainer and command: learning from a
// synthetic corpus, determinism, checkpoint/resume equivalence, bad inputs.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <sstream>

#include "word2vec/checkpoint.h"
#include "core/error.h"
#include "core/random.h"
#include "core/vectors_io.h"
#include "support/test_util.h"
#include "word2vec/encoded_corpus.h"
#include "word2vec/word2vec.h"

using namespace embkit;
using embkit::test::TempDir;

namespace {

// Ten topics of 12 words; each line draws its words from one topic. "twin_a"
// and "twin_b" are both members of topic 0, so they share every context;
// "other" belongs to topic 3.
std::string synthetic_corpus(int lines, std::uint64_t seed) {
  Rng rng(seed);
  std::ostringstream out;
  for (int l = 0; l < lines; ++l) {
    const int topic = static_cast<int>(rng.below(10));
    for (int w = 0; w < 10; ++w) {
      const int k = static_cast<int>(rng.below(12));
      if (topic == 0 && k == 0) out << "twin_a";
      else if (topic == 0 && k == 1) out << "twin_b";
      else if (topic == 3 && k == 0) out << "other";
      else out << "t" << topic << "w" << k;
      out << (w == 9 ? '\n' : ' ');
    }
  }
  return out.str();
}

double cosine(const Embeddings& e, const std::string& a, const std::string& b) {
  const auto x = e.vectors.row(e.find(a)), y = e.vectors.row(e.find(b));
  return x.dot(y) / (x.norm() * y.norm());
}

// SGNS vectors share a common direction (Mimno & Thompson 2017, "The strange
// geometry of skip-gram with negative sampling"): even words that never share a
// context have cosine ~0.4 raw, with embkit, gensim and word2vec.c alike. The
// "unrelated" check therefore uses mean-centred vectors (Mu & Viswanath 2018).
double centred_cosine(const Embeddings& e, const std::string& a, const std::string& b) {
  const Eigen::RowVectorXf mean = e.vectors.colwise().mean();
  const Eigen::RowVectorXf x = e.vectors.row(e.find(a)) - mean, y = e.vectors.row(e.find(b)) - mean;
  return x.dot(y) / (x.norm() * y.norm());
}

Word2VecArgs small_args(const std::string& input) {
  Word2VecArgs a;
  a.input = input;
  a.dim = 16;
  a.epochs = 3;
  a.min_count = 1;
  a.sample = 0;
  a.threads = 1;
  a.seed = 11;
  a.quiet = true;
  return a;
}

bool same_bytes(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

}  // namespace

TEST_CASE("words sharing all contexts end up close, unrelated words far", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(8000, 1));
  for (Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    for (bool shared : {false, true}) {
      if (model == Word2VecModel::Cbow && shared) continue;
      Word2VecArgs a = small_args(corpus);
      a.model = model;
      a.shared_negatives = shared;
      Word2Vec trainer(a);
      const Embeddings e = trainer.train();
      INFO(word2vec_model_name(model) << " shared=" << shared);
      CHECK(e.rows() == 10 * 12);
      CHECK(cosine(e, "twin_a", "twin_b") > 0.8);
      CHECK(centred_cosine(e, "twin_a", "twin_b") > 0.8);
      CHECK(centred_cosine(e, "twin_a", "other") < 0.3);
      CHECK(centred_cosine(e, "twin_b", "t5w3") < 0.3);
      CHECK(trainer.stats().final_loss > 0);
    }
  }
}

TEST_CASE("one thread and one seed give identical output; another seed differs", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(1500, 2));
  for (Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    Word2VecArgs a = small_args(corpus);
    a.model = model;
    a.sample = 1e-2;
    const Embeddings first = Word2Vec(a).train();
    const Embeddings second = Word2Vec(a).train();
    CHECK(first.labels == second.labels);
    CHECK(same_bytes(first.vectors, second.vectors));
    a.seed = 12;
    CHECK_FALSE(same_bytes(first.vectors, Word2Vec(a).train().vectors));
  }
}

TEST_CASE("resuming from a checkpoint reproduces the uninterrupted run exactly", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(2000, 3));
  for (Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    Word2VecArgs a = small_args(corpus);
    a.model = model;
    a.sample = 1e-2;
    a.max_sentence = 7;  // lines are split too
    Word2Vec plain(a);
    const Embeddings reference = plain.train();
    const Matrix reference_context = plain.context_vectors().vectors;

    // 37% lands mid-epoch (3 epochs): the checkpoint holds a partial epoch.
    Word2VecArgs with_checkpoint = a;
    with_checkpoint.checkpoint = tmp.file("run.ckpt");
    with_checkpoint.checkpoint_every = 37;
    const Embeddings checkpointed = Word2Vec(with_checkpoint).train();
    CHECK(same_bytes(checkpointed.vectors, reference.vectors));
    REQUIRE(std::filesystem::exists(with_checkpoint.checkpoint));
    // The last checkpoint written is at 74%: resume from it.
    Word2VecState state = load_checkpoint(with_checkpoint.checkpoint);
    CHECK(state.epoch == 2);
    CHECK(state.processed_words > 0);

    Word2VecArgs resume = a;
    resume.resume = with_checkpoint.checkpoint;
    resume.dim = 99;  // ignored: the checkpoint's hyperparameters win
    Word2Vec resumed(resume);
    const Embeddings finished = resumed.train();
    CHECK(resumed.stats().resumed);
    CHECK(finished.labels == reference.labels);
    CHECK(same_bytes(finished.vectors, reference.vectors));
    CHECK(same_bytes(resumed.context_vectors().vectors, reference_context));
  }
}

TEST_CASE("--resume with --epochs extends the run to the new total, or refuses a total already done",
          "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(2000, 3));
  Word2VecArgs a = small_args(corpus);
  a.checkpoint = tmp.file("run.ckpt");
  a.checkpoint_every = 37;
  Word2Vec(a).train();  // 3 epochs; the last checkpoint is at 74%, in epoch 3
  const Word2VecState state = load_checkpoint(a.checkpoint);
  REQUIRE(state.epoch == 2);

  Word2VecArgs more = small_args(corpus);
  more.resume = a.checkpoint;
  more.resume_epochs = 6;
  Word2Vec extended(more);
  extended.train();
  CHECK(extended.args().epochs == 6);
  // It trains every word of the 6-epoch run that the checkpoint had not done.
  CHECK(extended.stats().words_this_run == 6 * extended.stats().train_words - state.processed_words);

  more.resume_epochs = 2;
  CHECK_THROWS_WITH(Word2Vec(more).train(), Catch::Contains("epochs 2 is not more than the 2 epochs"));

  // The command: --epochs given with --resume is the new total.
  const auto r = test::run_embkit("word2vec --input " + corpus + " --output " + tmp.file("v.vec") + " --resume " +
                                  a.checkpoint + " --epochs 5");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find(" x 5 epochs") != std::string::npos);
}

TEST_CASE("--init starts from saved vectors; --update-vocab adds the new corpus's words", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(1500, 4));
  Word2VecArgs a = small_args(corpus);
  const Embeddings old = Word2Vec(a).train();
  // The saved file: every word but twin_b, plus one the new corpus lacks.
  Embeddings saved;
  for (std::int64_t r = 0; r < old.rows(); ++r)
    if (old.labels[static_cast<std::size_t>(r)] != "twin_b") saved.labels.push_back(old.labels[static_cast<std::size_t>(r)]);
  saved.labels.push_back("absent");
  saved.vectors.resize(static_cast<Eigen::Index>(saved.labels.size()), old.dim());
  for (std::size_t r = 0; r + 1 < saved.labels.size(); ++r)
    saved.vectors.row(static_cast<Eigen::Index>(r)) = old.vectors.row(old.find(saved.labels[r]));
  saved.vectors.row(saved.rows() - 1).setConstant(0.5f);
  write_vectors(saved, tmp.file("old.vec"));

  // No learning (--lr 1e-30: a rate must be positive, and steps this small
  // round away against values near 1): every file word keeps its vector
  // exactly; the corpus's twin_b is skipped without --update-vocab, added with it.
  Word2VecArgs more = small_args(corpus);
  more.init = tmp.file("old.vec");
  more.alpha = 1e-30;
  const Embeddings kept = Word2Vec(more).train();
  CHECK(kept.rows() == saved.rows());
  CHECK(kept.find("twin_b") < 0);
  for (std::size_t r = 0; r < saved.labels.size(); ++r) {
    INFO(saved.labels[r]);
    REQUIRE(kept.find(saved.labels[r]) >= 0);
    CHECK(kept.vectors.row(kept.find(saved.labels[r])) == saved.vectors.row(static_cast<Eigen::Index>(r)));
  }
  more.update_vocab = true;
  const Embeddings grown = Word2Vec(more).train();
  CHECK(grown.rows() == saved.rows() + 1);
  REQUIRE(grown.find("twin_b") >= 0);
  CHECK(grown.vectors.row(grown.find("twin_a")) == saved.vectors.row(saved.find("twin_a")));

  // With learning, known words move from where they were, not from scratch.
  more.alpha = -1;
  const Embeddings trained = Word2Vec(more).train();
  CHECK(trained.vectors.row(trained.find("absent")) == saved.vectors.row(saved.find("absent")));
  CHECK(trained.vectors.row(trained.find("twin_a")) != saved.vectors.row(saved.find("twin_a")));

  // A file of another dimension, or one whose words the corpus lacks.
  more.dim = 8;
  CHECK_THROWS_WITH(Word2Vec(more).train(),
                    Catch::Contains("old.vec: holds 16-dimensional vectors but dim is 8"));
  more.dim = 16;
  more.update_vocab = false;
  write_vectors(Embeddings({"zzz"}, Matrix::Ones(1, 16)), tmp.file("other.vec"));
  more.init = tmp.file("other.vec");
  CHECK_THROWS_WITH(Word2Vec(more).train(), Catch::Contains("none of the 1 words of init occurs in the corpus"));
  // The command: the options, and a clear line for the dimension.
  const auto r = test::run_embkit("word2vec --input " + corpus + " --output " + tmp.file("v.vec") + " --init " +
                                  tmp.file("old.vec") + " --dim 8 --quiet");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("old.vec: holds 16-dimensional vectors but --dim is 8; give --dim 16") != std::string::npos);
  CHECK(test::run_embkit("word2vec --input " + corpus + " --output " + tmp.file("v.vec") + " --update-vocab")
            .exit_code == 2);
}

TEST_CASE("encoded corpus drops rare words and keeps every word of long lines", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("c.txt");
  std::string long_line;
  for (int i = 0; i < 25000; ++i) long_line += (i % 2 ? "b " : "a ");
  test::write_file(corpus, long_line + "\nrare a b\n\n\nb a\n");
  VocabularyOptions vo;
  vo.min_count = 2;
  Vocabulary vocab;
  const EncodedCorpus e = EncodedCorpus::read(corpus, vo, vocab);
  CHECK(vocab.size() == 2);
  CHECK(e.words == 25004);
  // Three sentences, three markers except after the final line's trailing '\n'.
  std::size_t markers = 0;
  for (auto id : e.ids) markers += id == EncodedCorpus::kSentenceEnd;
  CHECK(markers == 3);
  // A 25,000-word line with --max-sentence 1000 trains on all its words.
  Word2VecArgs a = small_args(corpus);
  a.min_count = 2;
  a.max_sentence = 1000;
  a.epochs = 1;
  Word2Vec trainer(a);
  trainer.train();
  CHECK(trainer.stats().train_words == 25004);
}

TEST_CASE("sentences in memory train exactly as the file of their lines", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  const std::string text = synthetic_corpus(800, 5);
  test::write_file(corpus, text);
  std::vector<std::vector<std::string>> sentences;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    sentences.emplace_back();
    for (std::string w; words >> w;) sentences.back().push_back(w);
  }
  sentences.insert(sentences.begin() + 3, std::vector<std::string>{"", ""});  // empty: no sentence, as a blank line
  for (Word2VecModel model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    Word2VecArgs a = small_args(corpus);
    a.model = model;
    const Embeddings from_file = Word2Vec(a).train();
    Word2Vec trainer(a);
    const Embeddings from_memory = trainer.train(sentences);
    CHECK(from_memory.labels == from_file.labels);
    CHECK(same_bytes(from_memory.vectors, from_file.vectors));
    CHECK(trainer.vocabulary().corpus_tokens == 8000);
  }
  Word2VecArgs a = small_args(corpus);
  a.resume = tmp.file("checkpoint.bin");
  CHECK_THROWS_WITH(Word2Vec(a).train(sentences), Catch::Contains("resume needs the corpus as a file (input)"));
  a = small_args(corpus);
  a.min_count = 100000;
  CHECK_THROWS_AS(Word2Vec(a).train(sentences), InputError);
}

TEST_CASE("bad inputs fail with clear errors and write nothing", "[word2vec]") {
  TempDir tmp;
  const std::string empty = tmp.file("empty.txt");
  test::write_file(empty, "  \n\n");
  CHECK_THROWS_WITH(Word2Vec(small_args(empty)).train(), Catch::Contains("empty"));

  const std::string rare = tmp.file("rare.txt");
  test::write_file(rare, "a b c d\n");
  Word2VecArgs a = small_args(rare);
  a.min_count = 5;
  // The library names its own field; the CLI renders it as --min-count.
  CHECK_THROWS_WITH(Word2Vec(a).train(), Catch::Contains("fewer than min_count 5 times; lower min_count"));

  CHECK_THROWS_AS(Word2Vec(small_args(tmp.file("missing.txt"))).train(), InputError);

  // An absurd learning rate diverges: the run stops with a diagnosis.
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(500, 4));
  const std::string out = tmp.file("out.vec");
  auto r = test::run_embkit("word2vec --input " + corpus + " --output " + out +
                            " --min-count 1 --lr 1e30 --threads 1 --quiet");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("lower --lr"));
  CHECK_FALSE(std::filesystem::exists(out));

  // Bad flags: exit 2.
  for (const std::string flags : {"--dim 0", "--model glove", "--window -1", "--negative 0", "--sample -1",
                                  "--epochs 0", "--checkpoint-every 20", "--no-such-flag", "--dim abc",
                                  "--max-sentence 0", "--max-memory lots"}) {
    INFO(flags);
    auto bad = test::run_embkit("word2vec --input " + corpus + " --output " + out + " " + flags);
    CHECK(bad.exit_code == 2);
    CHECK_FALSE(bad.err.empty());
  }
  CHECK(test::run_embkit("word2vec --output " + out).exit_code == 2);
  // An output in a missing directory is refused before training, exit 1 as
  // for every command (docs/reliability.md, "Safe outputs").
  const auto no_dir = test::run_embkit("word2vec --input " + corpus + " --output " + tmp.file("no/such/dir/v.vec"));
  CHECK(no_dir.exit_code == 1);
  CHECK(no_dir.err.find("cannot open for writing") != std::string::npos);

  // Memory cap.
  auto big = test::run_embkit("word2vec --input " + corpus + " --output " + out +
                              " --min-count 1 --dim 100000 --max-memory 1M --quiet");
  CHECK(big.exit_code == 1);
  CHECK_THAT(big.err, Catch::Contains("--max-memory"));

  // A truncated checkpoint and a checkpoint for a different corpus.
  Word2VecArgs ck = small_args(corpus);
  ck.checkpoint = tmp.file("c.ckpt");
  ck.checkpoint_every = 50;
  Word2Vec(ck).train();
  const std::string bytes = test::read_file(ck.checkpoint);
  test::write_file(tmp.file("cut.ckpt"), bytes.substr(0, bytes.size() / 2));
  Word2VecArgs cut = small_args(corpus);
  cut.resume = tmp.file("cut.ckpt");
  CHECK_THROWS_WITH(Word2Vec(cut).train(), Catch::Contains("truncated"));
  Word2VecArgs other = small_args(rare);
  other.resume = ck.checkpoint;
  CHECK_THROWS_WITH(Word2Vec(other).train(), Catch::Contains("checkpoint"));
}

TEST_CASE("the command writes vectors, context vectors, vocabulary and progress JSON", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus.txt");
  test::write_file(corpus, synthetic_corpus(800, 5));
  const std::string base = "word2vec --input " + corpus + " --min-count 1 --dim 8 --epochs 2 --threads 1 --quiet";
  auto r = test::run_embkit(base + " --output " + tmp.file("v.bin") + " --save-context " + tmp.file("c.vec") +
                            " --vocab-out " + tmp.file("vocab.tsv") + " --progress-json " + tmp.file("p.json"));
  REQUIRE(r.exit_code == 0);
  const Embeddings v = read_vectors(tmp.file("v.bin"));
  const Embeddings c = read_vectors(tmp.file("c.vec"));
  CHECK(v.rows() == 120);
  CHECK(v.dim() == 8);
  CHECK(c.labels == v.labels);
  CHECK(Vocabulary::load(tmp.file("vocab.tsv")).size() == 120);
  CHECK(test::read_file(tmp.file("p.json")).find("\"loss\"") != std::string::npos);
  // Same seed, one thread: byte-identical files; from stdin too.
  REQUIRE(test::run_embkit(base + " --output " + tmp.file("w.bin")).exit_code == 0);
  CHECK(test::read_file(tmp.file("v.bin")) == test::read_file(tmp.file("w.bin")));
  auto piped = test::run_embkit("word2vec --input - --min-count 1 --dim 8 --epochs 2 --threads 1 --quiet --output " +
                                tmp.file("s.bin"), corpus);
  REQUIRE(piped.exit_code == 0);
  CHECK(test::read_file(tmp.file("v.bin")) == test::read_file(tmp.file("s.bin")));
  // Two threads run too (Hogwild: not bitwise reproducible, but valid).
  auto two = test::run_embkit("word2vec --input " + corpus + " --min-count 1 --threads 2 --quiet --output " + tmp.file("t.npy"));
  CHECK(two.exit_code == 0);
  CHECK(read_vectors(tmp.file("t.npy")).rows() == 120);
}
