// Doc2Vec (PV-DBOW, PV-DM): the document vector's update against finite
// differences of the loss, topics recovered on a toy corpus, determinism,
// checkpoint and resume, and the `embkit doc2vec` command.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/random.h"
#include "core/signals.h"
#include "core/vectors_io.h"
#include "support/test_util.h"
#include "word2vec/doc2vec.h"

using namespace embkit;
using namespace embkit::test;
using Catch::Matchers::Contains;

namespace {

// Documents of two topics: 20 words each ("aN", "bN") plus 5 words all
// documents share; topic t for documents with d % 2 == t.
std::vector<std::string> toy_documents(int documents, int length, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> texts;
  for (int d = 0; d < documents; ++d) {
    std::string text;
    for (int i = 0; i < length; ++i) {
      const bool common = rng.uniform() < 0.3;
      const int w = static_cast<int>(rng.uniform() * (common ? 5 : 20));
      text += (i ? " " : "") + std::string(common ? "the" : d % 2 ? "b" : "a") + std::to_string(w);
    }
    texts.push_back(text);
  }
  return texts;
}

std::vector<std::string> names(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back("doc" + std::to_string(i));
  return out;
}

// Share of documents whose most cosine-similar other document has their topic.
double nearest_same_topic(const Matrix& docs) {
  Matrix unit = docs;
  unit.rowwise().normalize();
  const Matrix sims = unit * unit.transpose();
  int right = 0;
  for (Eigen::Index d = 0; d < sims.rows(); ++d) {
    Eigen::Index best = -1;
    for (Eigen::Index e = 0; e < sims.rows(); ++e)
      if (e != d && (best < 0 || sims(d, e) > sims(d, best))) best = e;
    right += (best % 2) == (d % 2);
  }
  return static_cast<double>(right) / static_cast<double>(sims.rows());
}

Doc2VecArgs toy_args(Doc2VecMode mode) {
  Doc2VecArgs a;
  a.mode = mode;
  a.dim = 16;
  a.min_count = 1;
  a.sample = 0;
  a.epochs = 40;
  a.threads = 1;
  a.quiet = true;
  return a;
}

}  // namespace

TEST_CASE("doc2vec: the document vector's update is -lr times the loss gradient", "[doc2vec]") {
  const int dim = 12, count = 4;  // the document's word and 3 noise words
  Rng rng(3);
  std::vector<float> doc(dim);
  std::vector<std::vector<float>> out(count, std::vector<float>(dim));
  for (float& x : doc) x = static_cast<float>(rng.normal() * 0.3);
  for (auto& row : out)
    for (float& x : row) x = static_cast<float>(rng.normal() * 0.3);
  // L(D) = −log σ(u_0·D) − Σ_{o≥1} log σ(−u_o·D), in double precision.
  auto loss = [&](const std::vector<float>& d) {
    double l = 0;
    for (int o = 0; o < count; ++o) l += w2v::sgns_pair_loss_reference(d.data(), out[o].data(), dim, o == 0);
    return l;
  };
  std::vector<std::vector<float>> updated = out;
  std::vector<float*> rows;
  for (auto& row : updated) rows.push_back(row.data());
  std::vector<float> grad(dim, 1.f);  // the step overwrites it
  const float lr = 1e-3f;
  w2v::SigmoidTable table;
  const float l = doc2vec_step(doc.data(), rows.data(), count, grad.data(), dim, lr, table);
  CHECK(l == Approx(loss(doc)).margin(5e-3));
  const double h = 1e-3;
  for (int i = 0; i < dim; ++i) {
    std::vector<float> plus = doc, minus = doc;
    plus[i] += static_cast<float>(h);
    minus[i] -= static_cast<float>(h);
    const double dL = (loss(plus) - loss(minus)) / (2 * h);
    // The table's σ is accurate to ~1e-3.
    CHECK(grad[i] == Approx(-lr * dL).margin(lr * 5e-3));
  }
  // The output rows move by g_o D with g_o = lr (y_o − σ(u_o·D)), computed from the rows before the step.
  for (int o = 0; o < count; ++o) {
    double f = 0;
    for (int i = 0; i < dim; ++i) f += static_cast<double>(out[o][i]) * doc[i];
    const double g = lr * ((o == 0 ? 1.0 : 0.0) - 1.0 / (1.0 + std::exp(-f)));
    for (int i = 0; i < dim; ++i) CHECK(updated[o][i] - out[o][i] == Approx(g * doc[i]).margin(lr * 5e-3));
  }
}

TEST_CASE("doc2vec: PV-DBOW and PV-DM separate two topics on a toy corpus", "[doc2vec]") {
  const std::vector<std::string> texts = toy_documents(40, 40, 11);
  for (const Doc2VecMode mode : {Doc2VecMode::Dbow, Doc2VecMode::Dm}) {
    INFO(doc2vec_mode_name(mode));
    Doc2Vec trainer(toy_args(mode));
    const Embeddings docs = trainer.train(texts, names(texts.size()));
    REQUIRE(docs.rows() == 40);
    CHECK(docs.labels[7] == "doc7");
    CHECK(trainer.stats().train_words == 40u * 40u);
    CHECK(nearest_same_topic(docs.vectors) >= 0.95);
  }
  // The untrained start is no such thing: the test can fail.
  Doc2VecArgs one_step = toy_args(Doc2VecMode::Dbow);
  one_step.epochs = 1;
  one_step.alpha = 1e-6;
  Doc2Vec barely(one_step);
  CHECK(nearest_same_topic(barely.train(texts, names(texts.size())).vectors) < 0.8);
}

TEST_CASE("doc2vec: with one thread the same seed gives the same vectors", "[doc2vec]") {
  const std::vector<std::string> texts = toy_documents(10, 20, 5);
  Doc2VecArgs a = toy_args(Doc2VecMode::Dbow);
  a.dbow_words = true;
  a.epochs = 3;
  const Matrix first = Doc2Vec(a).train(texts, names(10)).vectors;
  CHECK(Doc2Vec(a).train(texts, names(10)).vectors == first);
  a.seed = 2;
  CHECK(Doc2Vec(a).train(texts, names(10)).vectors != first);
  a.min_count = 1000;
  CHECK_THROWS_AS(Doc2Vec(a).train(texts, names(10)), InputError);
  a.alpha = 0;
  CHECK_THROWS_AS(Doc2Vec(a), UsageError);
}

TEST_CASE("embkit doc2vec writes one row per document in input order", "[doc2vec][cli]") {
  TempDir tmp;
  std::string labeled;
  const std::vector<std::string> texts = toy_documents(12, 20, 9);
  for (std::size_t d = 0; d < texts.size(); ++d) labeled += (d % 2 ? "b\t" : "a\t") + texts[d] + "\n";
  const std::string docs = tmp.write("d.tsv", labeled);
  CommandResult r = run_embkit("doc2vec --input " + docs + " --output " + tmp.file("d.vec") +
                               " --mode dm --min-count 1 --dim 8 --epochs 2 --threads 1 --words-output " +
                               tmp.file("w.vec") + " --labels-out " + tmp.file("l.txt") + " --json -q");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("\"documents\":12"));
  const Embeddings out = read_vectors(tmp.file("d.vec"));
  CHECK(out.rows() == 12);
  CHECK(out.dim() == 8);
  CHECK(out.labels[11] == "doc11");
  CHECK(read_vectors(tmp.file("w.vec")).rows() == 45);
  CHECK(read_file(tmp.file("l.txt")).substr(0, 4) == "a\nb\n");
  r = run_embkit("doc2vec --input " + docs + " --output " + tmp.file("e.vec") + " --words-output " + tmp.file("x.vec"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--words-output needs --mode dm or --dbow-words"));
  r = run_embkit("doc2vec --input " + docs + " --output " + tmp.file("e.vec") + " --lr 0");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--lr must be a positive number"));
}

TEST_CASE("doc2vec: inference lands a training document near its trained vector", "[doc2vec]") {
  const std::vector<std::string> texts = toy_documents(40, 40, 11);
  for (const Doc2VecMode mode : {Doc2VecMode::Dbow, Doc2VecMode::Dm}) {
    INFO(doc2vec_mode_name(mode));
    Doc2Vec trainer(toy_args(mode));
    const Embeddings trained = trainer.train(texts, names(texts.size()));
    const Embeddings inferred = trainer.infer(texts, names(texts.size()), 7, 1);
    double mean_cosine = 0;
    for (Eigen::Index d = 0; d < 40; ++d)
      mean_cosine += trained.vectors.row(d).normalized().dot(inferred.vectors.row(d).normalized()) / 40;
    CHECK(mean_cosine > 0.8);
    CHECK(nearest_same_topic(inferred.vectors) >= 0.95);
    // The seed and the document decide, not the thread count.
    CHECK(trainer.infer(texts, names(texts.size()), 7, 3).vectors == inferred.vectors);
    CHECK(trainer.infer(texts, names(texts.size()), 8, 1).vectors != inferred.vectors);
  }
}

TEST_CASE("doc2vec: a saved model infers as the trained one; damaged files are refused", "[doc2vec]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(12, 20, 4);
  Doc2VecArgs a = toy_args(Doc2VecMode::Dm);
  a.epochs = 3;
  Doc2Vec trainer(a);
  trainer.train(texts, names(12));
  const std::string path = tmp.file("m.d2v");
  trainer.save_model(path);
  const Doc2Vec loaded = Doc2Vec::load_model(path);
  CHECK(loaded.args().dim == 16);
  CHECK(loaded.args().mode == Doc2VecMode::Dm);
  CHECK(loaded.vocabulary().size() == trainer.vocabulary().size());
  CHECK(loaded.word_vectors().vectors == trainer.word_vectors().vectors);
  CHECK(loaded.infer(texts, names(12), 3, 2).vectors == trainer.infer(texts, names(12), 3, 1).vectors);
  const std::string bytes = read_file(path);
  for (const std::size_t keep : {std::size_t{10}, std::size_t{60}, bytes.size() / 2, bytes.size() - 1}) {
    INFO("truncated to " << keep << " bytes");
    CHECK_THROWS_AS(Doc2Vec::load_model(tmp.write("t.d2v", bytes.substr(0, keep))), InputError);
  }
  CHECK_THROWS_AS(Doc2Vec::load_model(tmp.write("x.d2v", bytes + "x")), InputError);
  CHECK_THROWS_AS(Doc2Vec::load_model(tmp.write("v.vec", "1 2\na 1 2\n")), InputError);
}

TEST_CASE("embkit doc2vec --infer uses a saved model", "[doc2vec][cli]") {
  TempDir tmp;
  std::string lines;
  for (const std::string& t : toy_documents(12, 20, 2)) lines += t + "\n";
  const std::string docs = tmp.write("d.txt", lines);
  REQUIRE(run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("d.vec") + " --min-count 1 --dim 8 --epochs 2 "
                     "--threads 1 --save-model " + tmp.file("m.d2v")).exit_code == 0);
  CommandResult r = run_embkit("doc2vec -q --infer " + docs + " --load-model " + tmp.file("m.d2v") + " -o " +
                               tmp.file("n.vec") + " --json");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("\"documents\":12"));
  CHECK(read_vectors(tmp.file("n.vec")).dim() == 8);
  r = run_embkit("doc2vec --infer " + docs + " --load-model " + tmp.file("m.d2v") + " -o " + tmp.file("o.vec") +
                 " --dim 100");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Contains("the model has 8-dimensional vectors, not --dim 100"));
  r = run_embkit("doc2vec --infer " + docs + " -o " + tmp.file("o.vec"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--load-model is required"));
}

namespace {

bool same_bytes(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("doc2vec: resuming from a checkpoint reproduces the uninterrupted run exactly", "[doc2vec]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(40, 30, 8);
  for (const Doc2VecMode mode : {Doc2VecMode::Dbow, Doc2VecMode::Dm}) {
    INFO("mode " << doc2vec_mode_name(mode));
    Doc2VecArgs a = toy_args(mode);
    a.dbow_words = mode == Doc2VecMode::Dbow;
    a.epochs = 3;
    a.sample = 0.01;  // the subsampling draws come from the saved RNG too
    const Matrix reference = Doc2Vec(a).train(texts, names(40)).vectors;
    // Checkpoints every 37% land mid-epoch (3 epochs): the last, at 74%, holds a partial epoch 3.
    Doc2VecArgs with_checkpoint = a;
    with_checkpoint.checkpoint = tmp.file(std::string("run-") + doc2vec_mode_name(mode) + ".ckpt");
    with_checkpoint.checkpoint_every = 37;
    CHECK(same_bytes(Doc2Vec(with_checkpoint).train(texts, names(40)).vectors, reference));
    const Doc2VecState state = load_doc2vec_checkpoint(with_checkpoint.checkpoint);
    CHECK(state.epoch == 2);
    CHECK(state.thread_states.size() == 1);
    CHECK(state.thread_states[0].cursor > state.thread_states[0].begin);
    CHECK(state.thread_states[0].cursor < state.thread_states[0].end);
    Doc2VecArgs resume = toy_args(mode);
    resume.resume = with_checkpoint.checkpoint;
    resume.dim = 99;  // ignored: the checkpoint's hyperparameters win
    Doc2Vec resumed(resume);
    CHECK(same_bytes(resumed.train(texts, names(40)).vectors, reference));
    CHECK(resumed.stats().resumed);
    CHECK(resumed.args().dim == 16);
    CHECK(resumed.args().epochs == 3);
  }
}

TEST_CASE("doc2vec: a run interrupted by a signal writes a checkpoint that resumes to the same vectors",
          "[doc2vec]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(200, 40, 9);
  Doc2VecArgs a = toy_args(Doc2VecMode::Dm);
  a.epochs = 150;
  const Matrix reference = Doc2Vec(a).train(texts, names(200)).vectors;
  Doc2VecArgs interrupted_run = a;
  interrupted_run.checkpoint = tmp.file("signal.ckpt");
  // The flag SIGINT sets, raised from another thread while training runs.
  std::thread signal([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    set_interrupted(true);
  });
  bool stopped = false;
  try {
    Doc2Vec(interrupted_run).train(texts, names(200));
  } catch (const Interrupted&) {
    stopped = true;
  }
  signal.join();
  set_interrupted(false);
  if (!stopped) {
    WARN("training ended before the flag was raised; nothing to resume");
    return;
  }
  REQUIRE(std::filesystem::exists(interrupted_run.checkpoint));
  const Doc2VecState state = load_doc2vec_checkpoint(interrupted_run.checkpoint);
  CHECK(state.processed_words + state.thread_states[0].pending_words < 150u * state.train_words);
  Doc2VecArgs resume = a;
  resume.resume = interrupted_run.checkpoint;
  CHECK(same_bytes(Doc2Vec(resume).train(texts, names(200)).vectors, reference));
}

TEST_CASE("doc2vec: --resume with --epochs extends the run, or refuses a total already done", "[doc2vec]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(20, 20, 3);
  Doc2VecArgs a = toy_args(Doc2VecMode::Dbow);
  a.epochs = 3;
  a.checkpoint = tmp.file("run.ckpt");
  a.checkpoint_every = 37;
  Doc2Vec(a).train(texts, names(20));  // the last checkpoint is at 74%, in epoch 3
  Doc2VecArgs more = toy_args(Doc2VecMode::Dbow);
  more.resume = a.checkpoint;
  more.resume_epochs = 6;
  Doc2Vec longer(more);
  const Matrix extended = longer.train(texts, names(20)).vectors;
  CHECK(longer.args().epochs == 6);
  CHECK(extended.allFinite());
  more.resume_epochs = 2;
  CHECK_THROWS_WITH(Doc2Vec(more).train(texts, names(20)),
                    Contains("epochs 2 is not more than the 2 epochs checkpoint") && Contains("has already completed"));
  // Other documents than the checkpoint's.
  more.resume_epochs = 0;
  CHECK_THROWS_WITH(Doc2Vec(more).train(toy_documents(21, 20, 3), names(21)),
                    Contains("documents differ from the ones checkpoint"));
  // The command: --epochs with --resume is the new total; --checkpoint-every needs --checkpoint.
  std::string lines;
  for (const std::string& t : texts) lines += t + "\n";
  const std::string docs = tmp.write("d.txt", lines);
  CommandResult r = run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("v.vec") + " --resume " + a.checkpoint +
                               " --epochs 5 --json");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("\"epochs\":5"));
  r = run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("v.vec") + " --resume " + a.checkpoint +
                 " --mode dm --words-output " + tmp.file("w.vec"));
  CHECK(r.exit_code == 2);  // the checkpoint's mode, plain PV-DBOW, wins over --mode dm
  CHECK_THAT(r.err, Contains("is plain PV-DBOW (no word vectors)"));
  r = run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("v.vec") + " --checkpoint-every 10");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--checkpoint-every needs --checkpoint FILE"));
}

TEST_CASE("embkit doc2vec --resume gives the uninterrupted run's file with --threads 1", "[doc2vec][cli]") {
  TempDir tmp;
  std::string lines;
  for (const std::string& t : toy_documents(30, 25, 6)) lines += t + "\n";
  const std::string docs = tmp.write("d.txt", lines);
  const std::string common = "doc2vec -q -i " + docs + " --min-count 1 --dim 8 --epochs 4 --threads 1 --mode dm";
  REQUIRE(run_embkit(common + " -o " + tmp.file("ref.bin")).exit_code == 0);
  REQUIRE(run_embkit(common + " -o " + tmp.file("ck.bin") + " --checkpoint " + tmp.file("c.ckpt") +
                     " --checkpoint-every 60").exit_code == 0);
  // The checkpoint's mode (dm) is the run's: it has word vectors to write.
  REQUIRE(run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("resumed.bin") + " --resume " + tmp.file("c.ckpt") +
                     " --words-output " + tmp.file("w.vec"))
              .exit_code == 0);
  CHECK(read_file(tmp.file("ck.bin")) == read_file(tmp.file("ref.bin")));
  CHECK(read_file(tmp.file("resumed.bin")) == read_file(tmp.file("ref.bin")));
  CHECK(read_vectors(tmp.file("w.vec")).dim() == 8);
}

TEST_CASE("doc2vec: damaged checkpoints are refused with a clear message", "[doc2vec]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(10, 20, 2);
  Doc2VecArgs a = toy_args(Doc2VecMode::Dbow);
  a.epochs = 2;
  a.checkpoint = tmp.file("c.ckpt");
  a.checkpoint_every = 50;
  Doc2Vec(a).train(texts, names(10));
  const std::string bytes = read_file(a.checkpoint);
  REQUIRE(bytes.rfind("EMBKIT-DOC2VEC-CHECKPOINT 1\n", 0) == 0);
  REQUIRE(bytes.compare(bytes.size() - 4, 4, "END\n") == 0);
  auto refuses = [&](const std::string& content, const std::string& message) {
    const std::string path = tmp.write("bad.ckpt", content);
    CHECK_THROWS_WITH(load_doc2vec_checkpoint(path), Contains("bad.ckpt") && Contains(message));
    Doc2VecArgs resume = toy_args(Doc2VecMode::Dbow);
    resume.resume = path;
    CHECK_THROWS_AS(Doc2Vec(resume).train(texts, names(10)), InputError);
  };
  for (const std::size_t keep : {std::size_t{10}, std::size_t{60}, bytes.size() / 2, bytes.size() - 1}) {
    INFO("truncated to " << keep << " bytes");
    refuses(bytes.substr(0, keep), keep == 10 ? "not an embkit doc2vec checkpoint (bad header)" : "doc2vec checkpoint");
  }
  refuses(bytes + "x", "corrupt doc2vec checkpoint (no end marker where expected)");
  // The last float before "END\n" is a document vector's: make it NaN.
  std::string nan = bytes;
  const float value = std::nanf("");
  nan.replace(nan.size() - 8, 4, std::string(reinterpret_cast<const char*>(&value), 4));
  refuses(nan, "corrupt doc2vec checkpoint (NaN or Inf values)");
  refuses(read_file(a.checkpoint).replace(0, 6, "EMBKIX"), "not an embkit doc2vec checkpoint (bad header)");
  // A word2vec checkpoint is not a doc2vec one.
  refuses("EMBKIT-W2V-CHECKPOINT 1\n" + std::string(200, '\0'), "not an embkit doc2vec checkpoint (bad header)");
}

TEST_CASE("embkit classify --features doc2vec:MODEL infers the documents with a saved model", "[doc2vec][cli]") {
  TempDir tmp;
  const std::vector<std::string> texts = toy_documents(40, 20, 12);
  std::string train = "label\ttext\n", test = "label\ttext\n", all;
  for (std::size_t d = 0; d < texts.size(); ++d) {
    (d < 30 ? train : test) += std::string(d % 2 ? "b" : "a") + "\t" + texts[d] + "\n";
    all += texts[d] + "\n";  // training documents first, as classify orders them
  }
  const std::string train_path = tmp.write("train.tsv", train), test_path = tmp.write("test.tsv", test);
  REQUIRE(run_embkit("doc2vec -q -i " + train_path + " -o " + tmp.file("d.vec") + " --min-count 1 --dim 16 "
                     "--sample 0 --epochs 40 --threads 1 --save-model " + tmp.file("m.d2v")).exit_code == 0);
  const CommandResult r = run_embkit("classify -q --train " + train_path + " --test " + test_path +
                                     " --features doc2vec:" + tmp.file("m.d2v") + " --seed 4 --json");
  REQUIRE(r.exit_code == 0);
  // The same rows as `doc2vec --infer` of all the documents, scored as doc:VECTORS.
  REQUIRE(run_embkit("doc2vec -q --infer " + tmp.write("all.txt", all) + " --load-model " + tmp.file("m.d2v") +
                     " -o " + tmp.file("inferred.vec") + " --seed 4").exit_code == 0);
  const CommandResult same = run_embkit("classify -q --train " + train_path + " --test " + test_path +
                                        " --features doc:" + tmp.file("inferred.vec") + " --json");
  REQUIRE(same.exit_code == 0);
  const std::string accuracy = r.out.substr(r.out.find("\"accuracy\""), 30);
  CHECK(same.out.find(accuracy) != std::string::npos);
  CHECK_THAT(r.out, Contains("\"accuracy\":1") || Contains("\"accuracy\":0.9"));  // two topics: easy
}

TEST_CASE("embkit doc2vec --progress-json appends its progress as JSON lines", "[doc2vec][cli]") {
  TempDir tmp;
  std::string lines;
  for (const std::string& t : toy_documents(20, 20, 7)) lines += t + "\n";
  const std::string docs = tmp.write("d.txt", lines), log = tmp.write("log.jsonl", "{\"earlier\":1}\n");
  REQUIRE(run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("d.vec") + " --min-count 1 --dim 8 --epochs 3 "
                     "--progress-json " + log).exit_code == 0);
  const std::string written = read_file(log);
  CHECK(written.rfind("{\"earlier\":1}\n{\"progress\":", 0) == 0);  // appended
  CHECK_THAT(written, Contains("{\"progress\":1,\"epoch\":3,\"words\":") && Contains("\"eta_seconds\":0}\n"));
  const CommandResult r = run_embkit("doc2vec -q -i " + docs + " -o " + tmp.file("e.vec") + " --progress-json -");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--progress-json cannot be '-' (standard output)"));
}
