#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>

#include "core/error.h"
#include "eval/eval_svg.h"
#include "eval/svg.h"
#include "eval_test_support.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::evaltest;

namespace {

std::string testing_join(const std::vector<double>& values) {
  std::ostringstream s;
  for (double v : values) s << v << ' ';
  return s.str();
}

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

namespace {

void check_ticks(const std::vector<double>& got, const std::vector<double>& expected) {
  INFO("got " << testing_join(got));
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(expected[i]).margin(1e-12));
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// True when Python's XML parser reads the file.
bool well_formed_xml(const embkit::test::TempDir& tmp, const std::string& path) {
  return embkit::test::run_python(tmp, "import sys, xml.etree.ElementTree as ET\nET.parse(sys.argv[1])\nprint('ok')\n",
                                  "'" + path + "'") == "ok\n";
}

}  // namespace

TEST_CASE("axis ticks are round values, linear and log", "[plot][svg]") {
  // Linear: the step of 1, 2 or 5 × 10^e nearest to (hi − lo) / target.
  check_ticks(linear_ticks(0, 1, 5), {0, 0.2, 0.4, 0.6, 0.8, 1});                // raw step 0.2
  check_ticks(linear_ticks(-0.37, 0.52, 5), {-0.2, 0, 0.2, 0.4});               // 0.178 → 0.2
  check_ticks(linear_ticks(3, 97, 5), {20, 40, 60, 80});                         // 18.8 → 20
  check_ticks(linear_ticks(1000, 1300, 5), {1000, 1050, 1100, 1150, 1200, 1250, 1300});  // 60 → 50
  check_ticks(linear_ticks(0.95, 1.0, 5), {0.95, 0.96, 0.97, 0.98, 0.99, 1.0});  // 0.01, bounds included
  check_ticks(linear_ticks(0, 7, 5), {0, 1, 2, 3, 4, 5, 6, 7});                  // 1.4 → 1
  check_ticks(linear_ticks(-1.2, 1.36, 6), {-1, -0.5, 0, 0.5, 1});               // 0.427 → 0.5
  CHECK(linear_ticks(1, 1).empty());
  CHECK(linear_ticks(0, NAN).empty());
  CHECK(linear_ticks(1e20, std::nextafter(1e20, 2e20)).empty());  // one ulp: no room for ticks
  check_ticks(linear_ticks(1e9, 1e9 + 5, 5), {1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5});
  // Log: decades while there are 4 of them, else 1-2-5, else 1…9, else linear.
  check_ticks(log_ticks(1, 1e6), {1, 10, 100, 1e3, 1e4, 1e5, 1e6});
  check_ticks(log_ticks(300, 200000), {500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5});  // 3 decades only
  check_ticks(log_ticks(443, 178754), {500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5});
  check_ticks(log_ticks(0.002, 0.9), {0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5});
  check_ticks(log_ticks(30, 300), {50, 100, 200});
  check_ticks(log_ticks(1200, 4000), {2000, 3000, 4000});  // 1-2-5 gives one
  check_ticks(log_ticks(1000, 1300), {1000, 1050, 1100, 1150, 1200, 1250, 1300});  // 1…9 gives one
  CHECK(log_ticks(-1, 10).empty());
  CHECK(log_ticks(0, 10).empty());
  // Labels: plain up to 6 significant digits, m e±x outside [1e-4, 1e6).
  CHECK(tick_label(0.2) == "0.2");
  CHECK(tick_label(0.1 + 0.2) == "0.3");
  CHECK(tick_label(5000) == "5000");
  CHECK(tick_label(200000) == "200000");
  CHECK(tick_label(2e6) == "2e6");
  CHECK(tick_label(2.5e-5) == "2.5e-5");
  CHECK(tick_label(-0.5) == "-0.5");
  CHECK(tick_label(-0.0) == "0");
  CHECK(tick_label(1e-4) == "0.0001");
}

TEST_CASE("SVG line plots: markers that would coincide move apart, point labels are escaped", "[plot][svg]") {
  SvgPlot plot;
  plot.log_y = true;
  plot.series.push_back({"exact", {1.0}, {5000}, false, {}});
  plot.series.push_back({"hnsw", {0.5, 1.0}, {40000, 5000}, true, {"ef=10", "ef=<&>"}});
  const std::string svg = render_svg(plot);
  const std::regex circle(R"re(<circle cx="([^"]+)" cy="([^"]+)")re");
  std::vector<std::pair<std::string, std::string>> centres;
  for (std::sregex_iterator it(svg.begin(), svg.end(), circle), end; it != end; ++it)
    centres.emplace_back((*it)[1], (*it)[2]);
  REQUIRE(centres.size() == 3);
  CHECK(centres[0] != centres[2]);  // hnsw's (1, 5000) is exact's place: it moved
  CHECK(occurrences(svg, "stroke-width=\"0.8\"/>") == 1);  // with a line back to its true place
  CHECK(svg.find(">ef=10</text>") != std::string::npos);
  CHECK(svg.find(">ef=&lt;&amp;&gt;</text>") != std::string::npos);
  CHECK(occurrences(svg, "class=\"legend\"") == 1);
  // The log axis of 5000…40000 (under a decade): 1-2-5 ticks.
  for (const char* tick : {">5000</text>", ">10000</text>", ">20000</text>"}) CHECK(svg.find(tick) != std::string::npos);
}

TEST_CASE("embkit plot draws axes with ticks and a legend when there are groups", "[plot][cli]") {
  embkit::test::TempDir tmp;
  const std::string vectors = fixture("fixture.vec");
  const auto plot = [&](const std::string& name, const std::string& args) {
    const std::string out = tmp.file(name);
    const auto r = embkit::test::run_embkit("plot -q --vectors " + vectors + " " + args + " --output " + out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(well_formed_xml(tmp, out));
    return read_file(out);
  };
  // One group: no legend; axes named PC1 and PC2, with tick labels.
  std::string svg = plot("top.svg", "--top 12");
  CHECK(svg.find("class=\"legend\"") == std::string::npos);
  CHECK(svg.find(">PC1</text>") != std::string::npos);
  CHECK(svg.find(">PC2</text>") != std::string::npos);
  CHECK(occurrences(svg, "font-size=\"11\" fill=\"#555\">") >= 6);  // tick labels on both axes
  CHECK(svg.find(">0</text>") != std::string::npos);  // PCA centres the points: 0 is inside both ranges
  svg = plot("one.svg", "--words Athens,Greece,good");
  CHECK(svg.find("class=\"legend\"") == std::string::npos);
  // ';' groups: one entry per group, named by its words.
  svg = plot("words.svg", "--words 'Athens,Greece;good,better,France,Paris'");
  CHECK(svg.find("class=\"legend\"") != std::string::npos);
  CHECK(svg.find(">Athens, Greece</text>") != std::string::npos);
  CHECK(svg.find(">good, better, France, …</text>") != std::string::npos);
  // --groups: the file's names of the groups plotted, in its order, then the
  // words it does not list; names escaped.
  const std::string groups = tmp.write("groups.tsv", "nowhere\tunused\ngood\t<adj & \"q\">\nAthens\tcapital\n");
  svg = plot("groups.svg", "--words Athens,Greece,good --groups " + groups);
  const std::size_t legend = svg.find("class=\"legend\"");
  REQUIRE(legend != std::string::npos);
  const std::size_t adj = svg.find(">&lt;adj &amp; &quot;q&quot;&gt;</text>", legend),
                    capital = svg.find(">capital</text>", legend), none = svg.find(">(no group)</text>", legend);
  CHECK(adj < capital);
  CHECK(capital < none);
  CHECK(none != std::string::npos);
  CHECK(svg.find("unused") == std::string::npos);
  const auto json = embkit::test::run_embkit("plot -q --json --vectors " + vectors +
                                             " --words Athens,Greece,good --groups " + groups + " --output " +
                                             tmp.file("j.svg"));
  CHECK(json.out.find("\"legend\":[\"<adj & \\\"q\\\">\",\"capital\",\"(no group)\"]") != std::string::npos);
  CHECK(json.out.find("{\"label\":\"Athens\",\"group\":1,") != std::string::npos);
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
