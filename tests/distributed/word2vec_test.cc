// word2vec on 2 MPI ranks (data parallel, model averaged every --sync-words):
// the vocabulary equals one process's, the model learns, a checkpoint written
// by 2 ranks resumes on 2 ranks (and only on 2), and a bad input ends the job;
// --sync-rows touched gives --sync-rows all's model, bit for bit, with fewer
// bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <vector>

#include "core/vectors_io.h"
#include "distributed/mpi_util.h"

using namespace embkit::test;

namespace {

// 6 topics of 10 words, one topic per line; "pair_x" and "pair_y" are both
// words of topic 2, so they share their contexts.
std::string topic_corpus(int lines) {
  std::ostringstream out;
  std::uint64_t x = 99;
  auto next = [&x](std::uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  for (int l = 0; l < lines; ++l) {
    const std::uint64_t topic = next(6);
    for (int w = 0; w < 12; ++w) {
      const std::uint64_t k = next(10);
      if (topic == 2 && k < 2) out << (k == 0 ? "pair_x" : "pair_y");
      else out << "topic" << topic << "_" << k;
      out << (w == 11 ? '\n' : ' ');
    }
  }
  return out.str();
}

// A long-tailed corpus: word i of `vocabulary` drawn with probability ∝
// 1/(i + 1) (Zipf), 10 words a line, so most words are rare.
std::string zipf_corpus(int lines, int vocabulary) {
  std::vector<double> cumulative(vocabulary);
  double total = 0;
  for (int i = 0; i < vocabulary; ++i) cumulative[i] = total += 1.0 / (i + 1);
  std::uint64_t x = 7;
  std::ostringstream out;
  for (int l = 0; l < lines; ++l)
    for (int w = 0; w < 10; ++w) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(x >> 11) / 9007199254740992.0 * total;
      const auto i = std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
      out << "z" << i << (w == 9 ? '\n' : ' ');
    }
  return out.str();
}

double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\"");
  return at == std::string::npos ? -1.0 : std::stod(json.substr(json.find(':', at) + 1));
}

double centred_cosine(const embkit::Embeddings& e, const std::string& a, const std::string& b) {
  const Eigen::RowVectorXf mean = e.vectors.colwise().mean();
  const Eigen::RowVectorXf u = e.vectors.row(e.find(a)) - mean, v = e.vectors.row(e.find(b)) - mean;
  return u.dot(v) / (u.norm() * v.norm());
}

const char* kSettings = " --min-count 1 --dim 16 --epochs 4 --sample 0 --threads 1 --sync-words 2000 --quiet";

}  // namespace

TEST_CASE("mpi: word2vec on 2 ranks has one process's vocabulary and learns the topics", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", topic_corpus(3000));
  const MpiResult r = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file("v.vec") + " --vocab-out " +
                                     tmp.file("vocab2.tsv") + kSettings + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"ranks\":2") != std::string::npos);
  CHECK(r.out.find("\"syncs\"") != std::string::npos);
  const auto one = run_embkit("word2vec --input " + corpus + " --output " + tmp.file("v1.vec") + " --vocab-out " +
                              tmp.file("vocab1.tsv") + kSettings);
  REQUIRE(one.exit_code == 0);
  CHECK(read_file(tmp.file("vocab2.tsv")) == read_file(tmp.file("vocab1.tsv")));
  const embkit::Embeddings e = embkit::read_vectors(tmp.file("v.vec"));
  CHECK(e.rows() == 6 * 10);
  CHECK(centred_cosine(e, "pair_x", "pair_y") > 0.7);
  CHECK(centred_cosine(e, "pair_x", "topic4_3") < 0.3);
}

TEST_CASE("mpi: a word2vec checkpoint written by 2 ranks resumes on 2 ranks", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", topic_corpus(3000));
  const std::string ckpt = tmp.file("run.ckpt");
  const MpiResult first = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file("v.vec") + kSettings +
                                         " --checkpoint " + ckpt + " --checkpoint-every 40");
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(fs::exists(ckpt));
  const MpiResult resumed = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file("r.vec") +
                                           " --resume " + ckpt + " --quiet --json");
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  const embkit::Embeddings e = embkit::read_vectors(tmp.file("r.vec"));
  CHECK(centred_cosine(e, "pair_x", "pair_y") > 0.7);
  // The last checkpoint (80%) leaves about a fifth of the 4 epochs to train,
  // split between the ranks (rank 0's share is reported).
  const double per_epoch = json_number(resumed.out, "train_words"), trained = json_number(resumed.out, "words_trained");
  CHECK(trained > 0.05 * 4 * per_epoch);
  CHECK(trained < 0.3 * 4 * per_epoch);
  // One process cannot continue the two ranks' threads.
  const auto alone = run_embkit("word2vec --input " + corpus + " --output " + tmp.file("x.vec") + " --resume " + ckpt);
  CHECK(alone.exit_code == 1);
  CHECK_THAT(alone.err, Catch::Contains("was written by 2 MPI rank(s); resume it with as many (mpirun -np 2), not 1"));
}

TEST_CASE("mpi: word2vec refuses standard input on 2 ranks and the job ends at once with exit 1", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", topic_corpus(100));
  const MpiResult r = run_mpi(2, "word2vec --input - --output " + tmp.file("v.vec") + " --quiet < " + corpus);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("standard input or a pipe cannot be split between 2 MPI ranks; give a file"));
  CHECK(r.seconds < 30);
  CHECK_FALSE(fs::exists(tmp.file("v.vec")));
}

// Rows no rank wrote since the last sync are equal on every rank, so averaging
// only the others changes nothing: with one thread per rank both schemes are
// deterministic and, N = 2, the sums and the halving are the same floats.
TEST_CASE("mpi: word2vec --sync-rows touched gives --sync-rows all's model bit for bit, with fewer bytes", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("z.txt", zipf_corpus(3000, 3000));
  // The ranks agree on the union of their touched rows by a bitmap, or by row
  // ids when few of the rare rows are touched (200,000 n-gram buckets).
  bool by_bitmap = false, by_ids = false;
  for (const std::string model : {"--model skipgram", "--model cbow", "--model skipgram --shared-negatives false",
                                  "--subwords 3-5 --buckets 4000", "--subwords 3-5 --buckets 4000 --model cbow",
                                  "--subwords 3-5 --buckets 200000"}) {
    INFO(model);
    std::string out[2], context[2], json[2];
    for (int i = 0; i < 2; ++i) {
      const std::string rows = i == 0 ? "all" : "touched";
      const MpiResult r = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file(rows + ".vec") +
                                         " --save-context " + tmp.file(rows + ".ctx") + " " + model + kSettings +
                                         " --sync-rows " + rows + " --json");
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      out[i] = read_file(tmp.file(rows + ".vec"));
      context[i] = read_file(tmp.file(rows + ".ctx"));
      json[i] = r.out;
    }
    CHECK(out[0] == out[1]);
    CHECK(context[0] == context[1]);
    const double syncs = json_number(json[1], "syncs");
    CHECK(syncs > 10);
    CHECK(json_number(json[0], "syncs") == syncs);
    // Most of the ~2,000 words occur a few times in 3,000 lines: far from all
    // of them are touched between two syncs 2,000 words apart.
    const double all = json_number(json[0], "bytes_sent_per_rank"), touched = json_number(json[1], "bytes_sent_per_rank");
    CHECK(touched > 0);
    CHECK(touched < 0.7 * all);
    CHECK(json_number(json[1], "rows_averaged") < json_number(json[0], "rows_averaged"));
    const double ids = json_number(json[1], "unions_by_ids");
    by_ids = by_ids || ids > 0;
    by_bitmap = by_bitmap || ids < 2 * syncs;
  }
  CHECK(by_bitmap);
  CHECK(by_ids);
}

TEST_CASE("mpi: a --sync-rows touched checkpoint by 2 ranks resumes on 2 ranks as --sync-rows all does", "[mpi]") {
  TempDir tmp;
  const std::string corpus = tmp.write("z.txt", zipf_corpus(3000, 3000));
  std::string checkpoint[2], resumed[2];
  for (int i = 0; i < 2; ++i) {
    const std::string rows = i == 0 ? "all" : "touched", ckpt = tmp.file(rows + ".ckpt");
    const MpiResult first = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file(rows + "1.vec") +
                                           kSettings + " --sync-rows " + rows + " --checkpoint " + ckpt +
                                           " --checkpoint-every 40");
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    checkpoint[i] = read_file(ckpt);
    const MpiResult again = run_mpi(2, "word2vec --input " + corpus + " --output " + tmp.file(rows + "2.vec") +
                                           " --resume " + ckpt + " --quiet --sync-rows " + rows);
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    resumed[i] = read_file(tmp.file(rows + "2.vec"));
  }
  // The checkpoint is written just after a sync: the same model and counters.
  CHECK(checkpoint[0] == checkpoint[1]);
  CHECK(resumed[0] == resumed[1]);
  const embkit::Embeddings e = embkit::read_vectors(tmp.file("touched2.vec"));
  CHECK(e.rows() > 1000);
}
