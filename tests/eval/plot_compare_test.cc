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
