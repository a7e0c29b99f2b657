// Uses embkit as a library: reads a .vec, trains word2vec on a few KB of text,
// builds an exact and an HNSW index and queries both, computes TF-IDF. Every
// step checks its result, so a wrong answer fails as loudly as a crash.
//
//   consumer WORK_DIR      (a writable folder)
#include <embkit/core/vectors_io.h>
#include <embkit/eval/knn_factory.h>
#include <embkit/tfidf/tfidf_vectorizer.h>
#include <embkit/word2vec/word2vec.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer WORK_DIR\n");
    return 2;
  }
  const std::string work = argv[1];
  try {
    // 1. Read a word2vec text file: three 2-d vectors.
    {
      std::ofstream f(work + "/tiny.vec");
      f << "3 2\nking 1 0\nqueen 0.9 0.1\napple 0 1\n";
    }
    const embkit::Embeddings tiny = embkit::read_vectors(work + "/tiny.vec");
    check(tiny.rows() == 3 && tiny.dim() == 2 && tiny.labels[1] == "queen", "read_vectors");

    // 2. Exact and HNSW search agree on the nearest neighbour of "king".
    for (const char* type : {"exact", "hnsw"}) {
      embkit::IndexConfig config;
      config.type = type;
      config.threads = 1;
      const auto index = embkit::make_index(tiny.vectors, config);
      const embkit::Neighbors found = index->search(embkit::Matrix(tiny.vectors.topRows(1)), 2);
      check(found.ids(0, 0) == 0 && found.ids(0, 1) == 1 && std::abs(found.scores(0, 0) - 1.0f) < 1e-5f,
            std::string(type) + " index: king's neighbours are king, queen");
    }

    // 3. word2vec on a few KB of text, one thread, fixed seed.
    {
      std::ofstream f(work + "/corpus.txt");
      for (int i = 0; i < 200; ++i) f << "the king rules the land the queen rules the court\n";
    }
    embkit::Word2VecArgs args;
    args.input = work + "/corpus.txt";
    args.dim = 16;
    args.min_count = 1;
    args.epochs = 2;
    args.threads = 1;
    args.quiet = true;
    embkit::Word2Vec trainer(args);
    const embkit::Embeddings words = trainer.train();
    // Six distinct words, the most frequent first.
    check(words.rows() == 6 && words.dim() == 16 && words.labels[0] == "the" && words.find("queen") >= 0 &&
              words.vectors.allFinite(),
          "word2vec trains 6 words, 'the' first");
    embkit::write_vectors(words, work + "/words.vec");
    check(embkit::read_vectors(work + "/words.vec").vectors == words.vectors, "write_vectors round trip");

    // 4. TF-IDF as scikit-learn's defaults: "the" occurs in every document.
    embkit::TfidfVectorizer tfidf;
    const embkit::SparseMatrix m = tfidf.fit_transform({"the cat sat", "the dog sat", "the cat ran"});
    check(m.rows() == 3 && tfidf.terms().size() == 5, "tfidf: 3 documents, 5 terms");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
  std::printf("consumer: %d failure(s)\n", failures);
  return failures == 0 ? 0 : 1;
}
