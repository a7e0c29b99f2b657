#include <catch2/catch.hpp>
#include <filesystem>

#include "core/error.h"
#include "eval/eval_svg.h"
#include "eval/svg.h"
#include "eval_test_support.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::evaltest;

namespace {

CommandResult run_embkit(const std::string& args) {
  return run_command(embkit_binary() + " " + args + " 2>" + temp_dir() + "/stderr_plot.txt");
}

}  // namespace

TEST_CASE("SVG renderers escape labels and draw every point and bar", "[plot]") {
  LabelledScatter s;
  s.x = {0, 1, 2};
  s.y = {0, 1, 0};
  s.labels = {"a<b", "c&d", "e"};
  const std::string svg = render_scatter_svg(s);
  CHECK(svg.find("a&lt;b") != std::string::npos);
  CHECK(svg.find("c&amp;d") != std::string::npos);
  // XML 1.0 allows neither \x01 nor a stray Latin-1 byte; valid UTF-8 and tabs stay.
  CHECK(svg_escape("\x01" "a\tcaf\xe9 caf\xc3\xa9") == "&#x2401;a\tcaf&#xE9; caf\xc3\xa9");
  std::size_t circles = 0;
  for (std::size_t p = svg.find("<circle"); p != std::string::npos; p = svg.find("<circle", p + 1)) ++circles;
  CHECK(circles == 3);
  GroupedBars bars;
  bars.categories = {"WS353", "RG-65"};
  bars.series = {"sg", "glove"};
  bars.values = {{0.6, 0.7}, {0.5, NAN}};
  const std::string chart = render_grouped_bars_svg(bars);
  std::size_t rects = 0;
  for (std::size_t p = chart.find("<rect x"); p != std::string::npos; p = chart.find("<rect x", p + 1)) ++rects;
  CHECK(rects == 3 + 2);  // three finite bars + two legend swatches
}

TEST_CASE("embkit plot writes an SVG and rejects bad requests", "[plot][cli]") {
  const std::string out = temp_dir() + "/plot.svg";
  CommandResult r = run_embkit("plot --vectors " + fixture("fixture.vec") +
                               " --words 'Athens,Greece,Baghdad,Iraq;good,better,nowordhere' --output " + out);
  REQUIRE(r.exit_code == 0);
  const std::string svg = read_file(out);
  CHECK(svg.find(">Athens<") != std::string::npos);
  CHECK(read_file(temp_dir() + "/stderr_plot.txt").find("nowordhere") != std::string::npos);
  CHECK(run_embkit("plot --vectors " + fixture("fixture.vec") + " --top 50 --output " + out).exit_code == 0);
  CHECK(run_embkit("plot --vectors " + fixture("fixture.vec") + " --output " + out).exit_code == 2);
  CHECK(run_embkit("plot --vectors " + fixture("fixture.vec") + " --top 5 --words a,b --output " + out)
            .exit_code == 2);
  CHECK(run_embkit("plot --vectors " + fixture("fixture.vec") + " --words zz1,zz2 --output " + out)
            .exit_code == 1);
}

TEST_CASE("embkit compare trains, evaluates and tabulates", "[compare][cli]") {
  // A tiny corpus where every word repeats, and a datasets folder with one
  // word-pair file and one analogy section made of corpus words.
  std::string corpus;
  for (int i = 0; i < 300; ++i)
    corpus += "the king rules the land and the queen rules the land too\n"
              "a man walks and a woman walks in the land of the king\n";
  const std::string corpus_path = write_temp("compare_corpus.txt", corpus);
  const std::string data = temp_dir() + "/compare_data";
  std::filesystem::create_directories(data + "/wordsim");
  std::filesystem::create_directories(data + "/analogy");
  write_temp("compare_data/wordsim/EN-WS-353-ALL.txt", "king\tqueen\t8\nman\twoman\t8\nking\tland\t3\nthe\twalks\t1\n");
  write_temp("compare_data/analogy/questions-words.txt", ": family\nman woman king queen\n");
  const std::string csv = temp_dir() + "/compare.csv";
  const std::string svg = temp_dir() + "/compare.svg";
  const CommandResult r = run_embkit(
      "compare --quiet --threads 1 --input " + corpus_path + " --data " + data +
      " --methods word2vec-sg,lsa --extra 'word2vec-sg=--min-count 1 --epochs 1 --dim 8'"
      " 'lsa=--dim 4 --doc-words 12 --min-df 1' --output-csv " + csv + " --plot " + svg);
  INFO(read_file(temp_dir() + "/stderr_plot.txt"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("| word2vec-sg |") != std::string::npos);
  const std::string table = read_file(csv);
  CHECK(table.rfind("method,seconds,peak_bytes,vocabulary,dims,ws353", 0) == 0);
  CHECK(table.find("word2vec-sg,") != std::string::npos);
  CHECK(table.find(",8,") != std::string::npos);  // dims
  CHECK(read_file(svg).find("word2vec-sg") != std::string::npos);
  // LSA's term vectors: --extra replaced the default --doc-words and --min-df
  // (given twice, the child would have refused them); the sklearn tokenizer
  // drops the one-letter "a", leaving 12 terms in 4 dimensions.
  CHECK(r.out.find("| lsa |") != std::string::npos);
  CHECK(table.find("lsa,") != std::string::npos);
  CHECK(table.find(",12,4,") != std::string::npos);

  // --format csv: the CSV alone on stdout, as in --output-csv.
  const CommandResult as_csv = run_embkit(
      "compare --quiet --threads 1 --input " + corpus_path + " --data " + data +
      " --methods word2vec-sg --extra 'word2vec-sg=--min-count 1 --epochs 1 --dim 8' --format csv");
  REQUIRE(as_csv.exit_code == 0);
  CHECK(as_csv.out.rfind("method,seconds,peak_bytes,vocabulary,dims,ws353", 0) == 0);
  CHECK(as_csv.out.find('|') == std::string::npos);
  // Without --data: the bundled corpora/eval, in its flat layout, found from
  // the executable's folder whatever the working directory.
  const auto bundled = embkit::test::run_embkit(
      "compare --threads 1 --input " + corpus_path +
      " --methods word2vec-sg --extra 'word2vec-sg=--min-count 1 --epochs 1 --dim 8 --quiet'");
  INFO(bundled.err);
  REQUIRE(bundled.exit_code == 0);
  CHECK(bundled.err.find("evaluating on 3 word-pair set(s) and the analogy questions from") != std::string::npos);
  CHECK(bundled.err.find("corpora/eval") != std::string::npos);
  // A folder with no dataset: exit 1 before any training.
  std::filesystem::create_directories(temp_dir() + "/no_data");
  const auto none = embkit::test::run_embkit("compare --input " + corpus_path + " --data " + temp_dir() + "/no_data");
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("no evaluation datasets found") != std::string::npos);
  CHECK(run_embkit("compare --input " + corpus_path + " --format xml").exit_code == 2);
  CHECK(run_embkit("compare --input " + corpus_path + " --methods nosuch").exit_code == 2);
  CHECK(run_embkit("compare --input " + corpus_path + " --docs-train x").exit_code == 2);
  CHECK(run_embkit("compare --input " + temp_dir() + "/missing.txt --methods word2vec-sg").exit_code == 1);
}

TEST_CASE("embkit compare scores document methods beside the word methods on the document task",
          "[compare][cli]") {
  // Two topics: documents of king/queen words and of man/woman words, in the
  // corpus's vocabulary, labelled by topic.
  std::string corpus;
  for (int i = 0; i < 300; ++i)
    corpus += "the king rules the land and the queen rules the land too\n"
              "a man walks and a woman walks in the land of the king\n";
  const std::string corpus_path = write_temp("compare_docs_corpus.txt", corpus);
  std::string train = "label\ttext\n", test = "label\ttext\n";
  const char* royal[] = {"king rules land", "queen rules the land", "the king and the queen rules", "land of the king"};
  const char* people[] = {"man walks", "a woman walks", "the man and the woman walks", "woman walks in the land"};
  for (int i = 0; i < 16; ++i) {
    std::string& to = i < 12 ? train : test;
    to += std::string("royal\t") + royal[i % 4] + " rules\n";
    to += std::string("people\t") + people[i % 4] + " walks\n";
  }
  const std::string train_path = write_temp("compare_docs_train.txt", train);
  const std::string test_path = write_temp("compare_docs_test.txt", test);
  const std::string data = temp_dir() + "/compare_docs_data";
  std::filesystem::create_directories(data);
  write_temp("compare_docs_data/EN-WS-353-ALL.txt", "king\tqueen\t8\nman\twoman\t8\nking\tland\t3\n");
  const std::string docs = " --docs-train " + train_path + " --docs-test " + test_path;
  const std::string csv = temp_dir() + "/compare_docs.csv";
  // sif comes after word2vec-sg (the word methods run first), whose vectors it weights.
  const CommandResult r = run_embkit(
      "compare --quiet --threads 1 --input " + corpus_path + " --data " + data + docs +
      " --methods sif,word2vec-sg,tfidf,lsa-docs,doc2vec-dbow,doc2vec-dm"
      " --extra 'word2vec-sg=--min-count 1 --epochs 1 --dim 8' 'lsa-docs=--dim 3'"
      " 'doc2vec-dbow=--min-count 1 --epochs 30 --dim 6' 'doc2vec-dm=--min-count 1 --epochs 30 --dim 6'"
      " --output-csv " + csv);
  INFO(read_file(temp_dir() + "/stderr_plot.txt"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("| R8 acc (k=5) |") != std::string::npos);
  CHECK(r.out.find("| word2vec-sg |") < r.out.find("| sif (word2vec-sg) |"));
  // Document methods have no word-task scores and no vocabulary: "–" cells.
  CHECK(r.out.find("| tfidf |") != std::string::npos);
  CHECK(r.out.find("| – | 3 | – | – | – | – | – | – | ") != std::string::npos);  // lsa-docs, --dim 3
  CHECK(r.out.find("document methods (no word-task scores) by their own document vectors") != std::string::npos);
  const std::string table = read_file(csv);
  INFO(table);
  CHECK(table.find("\nsif,") != std::string::npos);
  CHECK(table.find("\ndoc2vec-dbow,") != std::string::npos);
  CHECK(table.find("\ndoc2vec-dm,") != std::string::npos);
  // Every document method scored on R8; the two topics are easy to tell apart.
  for (const char* method : {"sif", "tfidf", "lsa-docs", "doc2vec-dbow", "doc2vec-dm", "word2vec-sg"}) {
    const std::size_t at = table.find(std::string("\n") + method + ",");
    REQUIRE(at != std::string::npos);
    const std::string line = table.substr(at + 1, table.find('\n', at + 1) - at - 1);
    INFO(line);
    std::vector<std::string> cells;
    std::size_t b = 0;
    for (std::size_t e; (e = line.find(',', b)) != std::string::npos; b = e + 1) cells.push_back(line.substr(b, e - b));
    cells.push_back(line.substr(b));
    REQUIRE(cells.size() == 13);
    const double r8 = std::stod(cells[11]);
    CHECK(r8 > 0.0);
    CHECK(r8 <= 1.0);
    const bool document_method = std::string(method) != "word2vec-sg";
    CHECK(cells[3].empty() == document_method);  // vocabulary
    CHECK(cells[5].empty() == document_method);  // WS353
  }
  CHECK(table.find("\ndoc2vec-dbow,") != std::string::npos);
  CHECK(table.find(",6,,,,,,,") != std::string::npos);  // doc2vec's --dim 6 passed by --extra
  CHECK(table.find("\nlsa-docs,") != std::string::npos);

  // JSON: document rows say so, with null vocabulary; without --input, document methods alone run.
  const CommandResult json = run_embkit("compare --quiet --threads 1 --json --data " + data + docs +
                                        " --methods tfidf,doc2vec-dm --extra 'doc2vec-dm=--min-count 1 --dim 4'");
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find("\"method\":\"tfidf\",\"vectors\":\"documents\"") != std::string::npos);
  CHECK(json.out.find("\"vocabulary\":null") != std::string::npos);
  CHECK(json.out.find("\"r8_accuracy\":") != std::string::npos);
  // A document method without documents, sif without word vectors, word methods without a corpus.
  const CommandResult no_docs = run_embkit("compare --input " + corpus_path + " --methods tfidf");
  CHECK(no_docs.exit_code == 2);
  CHECK(read_file(temp_dir() + "/stderr_plot.txt").find("'tfidf' makes document vectors: give --docs-train") !=
        std::string::npos);
  CHECK(run_embkit("compare --methods sif" + docs).exit_code == 2);
  CHECK(read_file(temp_dir() + "/stderr_plot.txt").find("'sif' weights word vectors") != std::string::npos);
  CHECK(run_embkit("compare --methods word2vec-sg" + docs).exit_code == 2);
  CHECK(read_file(temp_dir() + "/stderr_plot.txt").find("'--input' is required") != std::string::npos);
}
