// word2vec on 2 MPI ranks (data parallel, model averaged every --sync-words):
// the vocabulary equals one process's, the model learns, a checkpoint written
// by 2 ranks resumes on 2 ranks (and only on 2), and a bad input ends the job.
#include <catch2/catch.hpp>

#include <sstream>

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
  const auto words = [](const std::string& json, const char* key) {
    const auto at = json.find(key);
    return at == std::string::npos ? -1.0 : std::stod(json.substr(json.find(':', at) + 1));
  };
  const double per_epoch = words(resumed.out, "\"train_words\""), trained = words(resumed.out, "\"words_trained\"");
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
