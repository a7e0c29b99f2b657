// Every result is machine-readable: each registered command takes --json and
// prints one JSON document on stdout that a strict parser (Python's json with
// NaN refused, over bytes that must be valid UTF-8) reads; labels that are not
// UTF-8 are escaped, and SVG output is well-formed XML whatever the labels.
#include <catch2/catch.hpp>

#include <map>

#include "flag_catalog.h"
#include "support/test_util.h"

using namespace embkit::test;

namespace {

// Checks that the file holds one JSON object and prints its top-level keys; fails on invalid UTF-8, NaN/Infinity or trailing text.
const char* const kStrictJson = R"(
import json, sys
def no_constants(name):
    raise ValueError('not JSON: ' + name)
text = open(sys.argv[1], 'rb').read().decode('utf-8')
value = json.loads(text, parse_constant=no_constants)
if isinstance(value, dict):
    print(' '.join(sorted(value)))
else:
    raise SystemExit('not an object: ' + text[:80])
)";

std::string strict_json_keys(const TempDir& tmp, const std::string& text) {
  return run_python(tmp, kStrictJson, tmp.write("out.json", text));
}

// Small inputs for every command, written once.
struct Inputs {
  TempDir dir;
  std::string raw, corpus, vectors, pairs, questions, docs, csv, ratings, data;
  Inputs() {
    raw = dir.write("raw.txt", "The King rules.\nThe Queen rules, too!\n");
    std::string text;
    for (int i = 0; i < 20; ++i) text += "the king rules the land and the queen rules the land\n";
    corpus = dir.write("corpus.txt", text);
    // A Latin-1 label (0xE9) and a label with a control character among them.
    vectors = dir.write("v.vec",
                        "6 3\nking 1 0.2 0\nqueen 0.9 0.3 0.1\nman 0.5 -0.2 0.4\nwoman 0.4 0 0.5\n"
                        "caf\xe9 0.1 0.9 0.2\n\x01x -0.3 0.2 0.8\n");
    pairs = dir.write("pairs.txt", "king\tqueen\t9\nman\twoman\t8\nking\tman\t5\n");
    questions = dir.write("q.txt", ": family\nman woman king queen\n");
    docs = dir.write("docs.txt", kLabeledDocs);
    csv = dir.write("t.csv", "a,b,c\n1,2,3\n2,4,1\n3,5,0\n4,4,4\n");
    ratings = source_path("corpora/ratings-small.tsv");
    // compare's evaluation folder, in the flat layout: one word-pair set.
    data = dir.path() + "/data";
    fs::create_directories(data);
    write_file(data + "/EN-WS-353-ALL.txt", "king\tqueen\t9\nland\trules\t3\nking\tland\t5\n");
  }
  std::string out(const std::string& name) const { return dir.file(name); }
};

// The arguments that make each command print a result (with --json added).
std::map<std::string, std::string> json_invocations(const Inputs& in) {
  return {
      {"tokenize", "-i " + in.raw + " -o " + in.out("tok.txt")},
      {"vocab", "-i " + in.corpus + " -o " + in.out("vocab.tsv") + " --min-count 1"},
      {"word2vec", "-i " + in.corpus + " -o " + in.out("w.vec") + " --min-count 1 --dim 4 --epochs 1 --threads 1"},
      {"glove", "-i " + in.corpus + " -o " + in.out("g.vec") + " --min-count 1 --dim 4 --epochs 2 --threads 1"},
      {"ppmi", "-i " + in.corpus + " -o " + in.out("p.vec") + " --min-count 1 --dim 2 --threads 1"},
      {"cooccurrence", "-i " + in.corpus + " -o " + in.out("co.npz") + " --min-count 1"},
      {"convert", "-i " + in.vectors + " -o " + in.out("c.bin")},
      {"encode", "-m onehot -i " + in.csv + " -c a -o " + in.out("e.csv")},
      {"tfidf", "-i " + in.docs + " -o " + in.out("x.mtx")},
      {"lsa", "-i " + in.docs + " --dim 2 --output-docs " + in.out("l.vec")},
      {"svd", "-i " + in.out("x.mtx") + " --dim 1"},  // the tfidf run's matrix
      {"pca", "-i " + in.csv + " --dim 2"},
      {"plot", "-v " + in.vectors + " --top 6 -o " + in.out("p.svg")},
      {"explore", "-v " + in.vectors + " --clusters 2 -o " + in.out("e.html")},
      {"knn", "-v " + in.vectors + " --query king -k 5"},
      {"ann-bench", "-v " + in.vectors + " --queries 2 -k 2 --index hnsw --latency-queries 0"},
      {"similarity", "-v " + in.vectors + " --dataset " + in.pairs},
      {"analogy", "-v " + in.vectors + " --questions " + in.questions},
      {"doc2vec", "-i " + in.docs + " -o " + in.out("d.vec") + " --min-count 1 --dim 4 --epochs 1 --threads 1"},
      {"sif", "-v " + in.vectors + " -i " + in.raw + " -o " + in.out("s.vec")},
      {"classify", "--train " + in.docs + " --test " + in.docs + " --features tfidf -k 1"},
      {"mf", "-i " + in.ratings + " --split random --dim 4 --epochs 2 --output-users " + in.out("u.vec") +
                 " --output-items " + in.out("i.vec")},
      {"recommend", "--items " + in.out("i.vec") + " --like scifi01 -k 2"},
      {"vectors", "--load-model " + in.out("w.model") + " --words " + in.corpus},
      {"compare", "-i " + in.corpus + " --data " + in.data +
                      " --methods word2vec-sg --extra 'word2vec-sg=--min-count 1 --dim 4 --epochs 1'"},
  };
}

}  // namespace

TEST_CASE("every command prints its result as strict JSON with --json", "[docs]") {
  Inputs in;
  // svd reads tfidf's matrix, recommend mf's item vectors, vectors a subword model.
  REQUIRE(run_embkit("tfidf -q -i " + in.docs + " -o " + in.out("x.mtx")).exit_code == 0);
  REQUIRE(run_embkit("mf -q -i " + in.ratings + " --dim 4 --epochs 2 --output-items " + in.out("i.vec")).exit_code == 0);
  // vectors reads a subword model.
  REQUIRE(run_embkit("word2vec -q -i " + in.corpus + " -o " + in.out("sw.vec") +
                     " --min-count 1 --dim 4 --epochs 1 --subwords 3-4 --buckets 50 --save-model " + in.out("w.model"))
              .exit_code == 0);
  std::map<std::string, std::string> invocations = json_invocations(in);
  for (const embkit::cli::CommandDoc& c : embkit::cli::describe_commands()) {
    INFO(c.name);
    bool has_json = false, has_quiet = false;
    for (const auto& o : c.options) {
      has_json |= o.name == "json" && !o.takes_value;
      has_quiet |= o.name == "quiet";
    }
    CHECK(has_json);
    REQUIRE(invocations.count(c.name));
    const CommandResult r = run_embkit(c.name + " " + invocations[c.name] + " --json" + (has_quiet ? " -q" : ""));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string keys = strict_json_keys(in.dir, r.out);
    CHECK_FALSE(keys.empty());
  }
}

TEST_CASE("--json of a trainer reports the run", "[docs]") {
  Inputs in;
  const CommandResult r = run_embkit("word2vec -q --json " + json_invocations(in)["word2vec"]);
  REQUIRE(r.exit_code == 0);
  CHECK(strict_json_keys(in.dir, r.out) ==
        "corpus_tokens dim epochs final_loss model output peak_rss_bytes seconds train_words training_seconds "
        "vocabulary words_trained\n");
}

TEST_CASE("--json of recommend is one object: the query, k and the ranked items", "[docs]") {
  Inputs in;
  REQUIRE(run_embkit("mf -q -i " + in.ratings + " --dim 4 --epochs 2 --output-items " + in.out("i.vec")).exit_code == 0);
  const CommandResult r = run_embkit("recommend --json " + json_invocations(in)["recommend"]);
  REQUIRE(r.exit_code == 0);
  CHECK(strict_json_keys(in.dir, r.out) == "k like peak_rss_bytes recommendations seconds\n");
  CHECK(r.out.find("\"recommendations\":[{\"rank\":1,\"item\":") != std::string::npos);
}

TEST_CASE("labels that are not UTF-8 are escaped in JSON and SVG", "[docs]") {
  Inputs in;
  CommandResult r = run_embkit("knn -q --json -v " + in.vectors + " --query king -k 5");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("caf\\u00e9") != std::string::npos);
  CHECK_FALSE(strict_json_keys(in.dir, r.out).empty());
  // XML allows no \x01 and no stray byte 0xE9: both are written as characters.
  const std::string svg = in.out("labels.svg");
  r = run_embkit("plot -q -v " + in.vectors + " --top 6 -o " + svg);
  REQUIRE(r.exit_code == 0);
  const std::string text = read_file(svg);
  CHECK(text.find("caf&#xE9;") != std::string::npos);
  CHECK(text.find("&#x2401;x") != std::string::npos);
  CHECK(run_python(in.dir, "import sys, xml.etree.ElementTree as ET\nET.parse(sys.argv[1])\nprint('ok')\n", svg) ==
        "ok\n");
}
