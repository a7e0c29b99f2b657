#include "compare_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "core/atomic_file.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/parallel.h"
#include "core/signals.h"
#include "core/process.h"
#include "core/progress.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/document_vectors.h"
#include "eval/eval_svg.h"
#include "eval/label_lookup.h"
#include "eval/similarity.h"
#include "explore_command.h"
#include "text/sklearn_tokenizer.h"

namespace embkit::cli::compare {

namespace {

struct Method {
  const char* name;
  const char* command;
  std::vector<std::string> arguments;
  const char* output_flag = "--output";  // where the command writes word vectors
};

// Adding a method = one row here (its command must exist in the registry).
const std::vector<Method>& methods_table() {
  static const std::vector<Method> table = {
      {"ppmi-svd", "ppmi", {}},
      {"glove", "glove", {}},
      {"word2vec-sg", "word2vec", {"--model", "skipgram"}},
      {"word2vec-cbow", "word2vec", {"--model", "cbow"}},
      // LSA needs documents; a running-text corpus (text8 is one line) is cut
      // into pieces of 200 words, tf = 1 + ln(count). Term vectors V·Σ^0.5:
      // Levy, Goldberg & Dagan 2015 found the symmetric split of Σ better for
      // word similarity (on wiki17m: WS353 0.63 against 0.56 with Σ^1).
      {"lsa", "lsa", {"--doc-words", "200", "--min-df", "5", "--sublinear-tf", "--sigma-power", "0.5"},
       "--output-terms"},
  };
  return table;
}

const Method* find_method(const std::string& name) {
  for (const Method& m : methods_table())
    if (name == m.name) return &m;
  return nullptr;
}

// The method's fixed arguments minus every option that --extra gives again
// (an option and the values after it), so `lsa='--doc-words 50'` replaces the
// default instead of being refused as an option given twice.
std::vector<std::string> without_overridden(const std::vector<std::string>& fixed,
                                            const std::vector<std::string>& extra) {
  auto is_flag = [](const std::string& a) { return a.size() > 2 && a.compare(0, 2, "--") == 0; };
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < fixed.size();) {
    std::size_t next = i + 1;
    while (next < fixed.size() && !is_flag(fixed[next])) ++next;
    if (std::find(extra.begin(), extra.end(), fixed[i]) == extra.end())
      kept.insert(kept.end(), fixed.begin() + static_cast<std::ptrdiff_t>(i),
                  fixed.begin() + static_cast<std::ptrdiff_t>(next));
    i = next;
  }
  return kept;
}

bool available(const Method& m) { return CommandRegistry::instance().find(m.command) != nullptr; }

struct Row {
  std::string method;
  double seconds = NAN;
  double peak_bytes = NAN;
  std::int64_t vocabulary = 0, dims = 0;
  double ws353 = NAN, simlex = NAN, rg65 = NAN;
  double semantic = NAN, syntactic = NAN, total = NAN;
  double r8 = NAN;
  std::string error;  // non-empty: training failed
};

std::string cell(double v, int decimals = 3) {
  if (!std::isfinite(v)) return "–";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

std::string csv_cell(double v) { return std::isfinite(v) ? format_double(v) : ""; }

}  // namespace

std::vector<std::string> known_methods() {
  std::vector<std::string> names;
  for (const Method& m : methods_table()) names.push_back(m.name);
  return names;
}

Options parse(const Args& args) {
  Options o;
  std::string methods;
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.corpus)->required(), "training corpus (whitespace-separated words)")
      ("methods", po::value(&methods)->default_value(""),
       "comma-separated: ppmi-svd, glove, word2vec-sg, word2vec-cbow, lsa (default: all)")
      ("data", po::value(&o.data),
       "directory with the evaluation sets: EN-WS-353-ALL.txt, EN-SIMLEX-999.txt, EN-RG-65.txt and "
       "questions-words.txt, directly or under wordsim/ and analogy/ (default: the bundled corpora/eval)")
      ("docs-train", po::value(&o.docs_train), "labelled training documents (R8) for k-NN accuracy")
      ("docs-test", po::value(&o.docs_test), "labelled test documents")
      ("extra", po::value(&o.extra)->multitoken(),
       "extra trainer options, METHOD='--opt value ...' (repeatable), e.g. word2vec-sg='--epochs 1'")
      ("output-dir", po::value(&o.output_dir), "keep each method's vectors here as METHOD.bin")
      ("format", bound(o.format), "the table on stdout: md (Markdown) | csv")
      ("output-csv", po::value(&o.csv), "also write the table as CSV to this file")
      ("plot", po::value(&o.plot), "draw the scores as grouped bars to this SVG file")
      ("html", po::value(&o.html),
       "also write the trained vectors' explorer page (embkit explore: map, neighbours side by side) here");
  add_threads_option(desc, o.analogy.threads, o.classify.threads);
  add_quiet_option(desc, o.quiet);
  desc.add_options()("json", po::bool_switch(&o.json), "print the table as one JSON object instead of Markdown and CSV");
  po::variables_map vm;
  if (!parse_args("compare", "--input C [--methods a,b] [--docs-train L --docs-test L] [options]", desc,
                  args, vm))
    return {};
  for (const std::string& name : split_list(methods)) {
    const Method* m = find_method(name);
    if (!m) {
      std::string all;
      for (const auto& k : known_methods()) all += (all.empty() ? "" : ", ") + k;
      throw UsageError("--methods: unknown method '" + name + "' (known: " + all + ")");
    }
    if (!available(*m))
      throw UsageError("--methods: '" + name + "' needs the '" + m->command +
                       "' command, which is not built into this embkit");
    o.methods.push_back(name);
  }
  if (o.methods.empty())
    for (const Method& m : methods_table())
      if (available(m)) o.methods.push_back(m.name);
  if (o.docs_train.empty() != o.docs_test.empty())
    throw UsageError("--docs-train and --docs-test go together");
  require_one_of("format", o.format, {"md", "csv"});
  if (!o.html.empty() && !ends_with(o.html, ".html"))
    throw UsageError("--html must end in .html, got '" + o.html + "'");
  for (const std::string& e : o.extra) {
    const std::size_t eq = e.find('=');
    if (eq == std::string::npos || !find_method(e.substr(0, eq)))
      throw UsageError("--extra expects METHOD='--option value ...' with a known method, got '" + e + "'");
  }
  resolve_threads(o.analogy.threads);
  return o;
}

namespace {

// What every method is evaluated on; a dataset missing under --data is skipped.
struct Evaluation {
  std::vector<std::pair<WordPairSet, double Row::*>> pair_sets;
  std::vector<AnalogySection> questions;
  Documents train, test;  // empty without --docs-train
};

// The bundled corpora/eval: beside the executable's folder (build/embkit →
// corpora/eval), else in the source tree the binary was built from.
std::string bundled_eval_dir() {
  namespace fs = std::filesystem;
  const fs::path exe_dir = fs::path(self_executable()).parent_path();
  std::error_code ec;
  for (const fs::path& dir : {exe_dir / "corpora/eval", exe_dir.parent_path() / "corpora/eval",
                              fs::path(EMBKIT_BUNDLED_EVAL)})
    if (fs::is_directory(dir, ec)) return dir.lexically_normal().string();
  return EMBKIT_BUNDLED_EVAL;
}

// `file` directly in `dir` (corpora/eval's layout) or in its `sub`folder (the
// shared data's wordsim/ and analogy/); "" when in neither.
std::string find_dataset(const std::string& dir, const char* sub, const char* file) {
  for (const std::string& path : {dir + "/" + file, dir + "/" + sub + "/" + file})
    if (file_exists(path)) return path;
  return "";
}

Evaluation read_evaluation(const Options& o) {
  const std::string data = o.data.empty() ? bundled_eval_dir() : o.data;
  struct Dataset {
    const char* file;
    double Row::*field;
  };
  const Dataset datasets[] = {{"EN-WS-353-ALL.txt", &Row::ws353},
                              {"EN-SIMLEX-999.txt", &Row::simlex},
                              {"EN-RG-65.txt", &Row::rg65}};
  Evaluation e;
  for (const Dataset& d : datasets) {
    const std::string path = find_dataset(data, "wordsim", d.file);
    if (!path.empty()) e.pair_sets.emplace_back(read_word_pairs(path), d.field);
  }
  const std::string questions = find_dataset(data, "analogy", "questions-words.txt");
  if (!questions.empty()) e.questions = read_analogy_questions(questions);
  // Before any training: a table of blanks after minutes of work helps nobody.
  if (e.pair_sets.empty() && e.questions.empty() && o.docs_train.empty())
    throw InputError(located(data, 0, "no evaluation datasets found (EN-WS-353-ALL.txt, EN-SIMLEX-999.txt, "
                                      "EN-RG-65.txt, questions-words.txt, directly or under wordsim/ and "
                                      "analogy/); give --data"));
  if (!o.quiet)
    std::cerr << "compare: evaluating on " << e.pair_sets.size() << " word-pair set(s)"
              << (e.questions.empty() ? "" : " and the analogy questions") << " from " << data << "\n";
  if (!o.docs_train.empty()) {
    e.train = read_documents(o.docs_train, DocumentFormat::Labeled);
    e.test = read_documents(o.docs_test, DocumentFormat::Labeled);
  }
  return e;
}

// The method's child command line: its fixed arguments, --threads, then --extra.
std::vector<std::string> trainer_arguments(const Method& method, const Options& o, const std::string& vectors) {
  std::vector<std::string> extra;
  for (const std::string& e : o.extra)
    if (e.substr(0, e.find('=')) == method.name) {
      std::vector<std::string_view> more;
      const std::string value = e.substr(e.find('=') + 1);
      split_whitespace(value, more);
      for (auto m : more) extra.emplace_back(m);
    }
  std::vector<std::string> args = {method.command, "--input", o.corpus, method.output_flag, vectors};
  const std::vector<std::string> fixed = without_overridden(method.arguments, extra);
  args.insert(args.end(), fixed.begin(), fixed.end());
  args.push_back("--threads");
  args.push_back(std::to_string(o.analogy.threads));
  args.insert(args.end(), extra.begin(), extra.end());
  if (o.quiet) args.push_back("--quiet");
  return args;
}

void evaluate(Row& row, const Embeddings& emb, const Evaluation& e, const Options& o) {
  row.vocabulary = emb.rows();
  row.dims = emb.dim();
  for (const auto& [set, field] : e.pair_sets) row.*field = evaluate_similarity(emb, set).spearman;
  if (!e.questions.empty()) {
    const AnalogyResult r = evaluate_analogies(emb, e.questions, o.analogy);
    row.semantic = r.semantic.accuracy();
    row.syntactic = r.syntactic.accuracy();
    row.total = r.all.accuracy();
  }
  if (!e.train.texts.empty()) {
    const LabelLookup lookup(emb, 0, true);
    const SplitLabels labels = encode_split_labels(e.train.labels, e.test.labels);
    const auto predicted = knn_classify(mean_word_vectors(emb, lookup, e.train.texts, tokenize_sklearn), labels.train, labels.size(),
                                        mean_word_vectors(emb, lookup, e.test.texts, tokenize_sklearn), o.classify);
    row.r8 = score_predictions(labels.test, predicted, labels.classes.names).accuracy;
  }
}

// Trains one method in a child process, then evaluates its vectors.
Row run_method(const Method& method, const Options& o, const Evaluation& e, const std::filesystem::path& dir,
               Progress& progress, const std::string& step) {
  Row row;
  row.method = method.name;
  const std::string vectors = (dir / (row.method + ".bin")).string();
  const std::vector<std::string> args = trainer_arguments(method, o, vectors);
  std::string line;
  for (const auto& a : args) line += (line.empty() ? "" : " ") + a;
  progress.message(step + " training " + row.method + ": embkit " + line);
  const ProcessResult child = run_process(self_executable(), args, true);
  check_interrupted();
  row.seconds = child.seconds;
  row.peak_bytes = child.peak_bytes;
  if (child.exit_code != 0) {
    row.error = "exit " + std::to_string(child.exit_code);
    progress.message(row.method + " failed (" + row.error + "); continuing");
    return row;
  }
  evaluate(row, read_vectors(vectors), e, o);
  if (o.output_dir.empty() && o.html.empty()) std::filesystem::remove(vectors);
  return row;
}

// The table's rows as JSON; a blank cell (dataset missing, method failed) is null.
void print_json(const std::vector<Row>& rows, bool r8, const Options& o) {
  JsonWriter j(std::cout);
  j.begin_object().key("corpus").value(o.corpus).key("methods").begin_array();
  for (const Row& r : rows) {
    j.begin_object().key("method").value(r.method).key("seconds").value(r.seconds);
    j.key("peak_bytes").value(r.peak_bytes).key("vocabulary").value(r.vocabulary).key("dims").value(r.dims);
    j.key("ws353").value(r.ws353).key("simlex999").value(r.simlex).key("rg65").value(r.rg65);
    j.key("analogy_semantic").value(r.semantic).key("analogy_syntactic").value(r.syntactic);
    j.key("analogy_total").value(r.total);
    if (r8) j.key("r8_accuracy").value(r.r8);
    if (!r.error.empty()) j.key("error").value(r.error);
    j.end_object();
  }
  j.end_array().end_object();
}

void print_tables(const std::vector<Row>& rows, bool r8, const Options& o) {
  std::ostringstream md, csv;
  md << "| method | time | peak memory | vocabulary | dims | WS353 | SimLex-999 | RG-65 | analogy sem | "
        "analogy syn | analogy total |"
     << (r8 ? " R8 acc (avg vectors, k=5) |" : "") << "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
     << (r8 ? "---:|" : "") << "\n";
  csv << "method,seconds,peak_bytes,vocabulary,dims,ws353,simlex999,rg65,analogy_semantic,analogy_syntactic,"
         "analogy_total"
      << (r8 ? ",r8_accuracy" : "") << ",error\n";
  for (const Row& r : rows) {
    md << "| " << r.method << " | " << format_duration(r.seconds) << " | " << format_bytes(r.peak_bytes) << " | "
       << r.vocabulary << " | " << r.dims << " | " << cell(r.ws353) << " | " << cell(r.simlex) << " | "
       << cell(r.rg65) << " | " << cell(r.semantic) << " | " << cell(r.syntactic) << " | " << cell(r.total)
       << " |" << (r8 ? " " + cell(r.r8) + " |" : "") << (r.error.empty() ? "" : " failed: " + r.error) << "\n";
    csv << r.method << "," << csv_cell(r.seconds) << "," << csv_cell(r.peak_bytes) << "," << r.vocabulary << ","
        << r.dims << "," << csv_cell(r.ws353) << "," << csv_cell(r.simlex) << "," << csv_cell(r.rg65) << ","
        << csv_cell(r.semantic) << "," << csv_cell(r.syntactic) << "," << csv_cell(r.total)
        << (r8 ? "," + csv_cell(r.r8) : "") << "," << r.error << "\n";
  }
  if (o.json) print_json(rows, r8, o);
  else std::cout << (o.format == "csv" ? csv.str() : md.str());
  if (!o.csv.empty()) {
    AtomicFile f(o.csv);
    f.stream() << csv.str();
    f.commit();
  }
}

void write_plot(const std::vector<Row>& rows, bool r8, const Options& o) {
  GroupedBars chart;
  chart.title = "embkit compare: " + o.corpus;
  chart.y_label = "score (Spearman ρ / accuracy)";
  chart.categories = {"WS353", "SimLex-999", "RG-65", "analogy sem", "analogy syn", "analogy total"};
  if (r8) chart.categories.push_back("R8");
  for (const Row& r : rows) {
    chart.series.push_back(r.method);
    std::vector<double> v = {r.ws353, r.simlex, r.rg65, r.semantic, r.syntactic, r.total};
    if (r8) v.push_back(r.r8);
    chart.values.push_back(v);
  }
  write_svg_text(render_grouped_bars_svg(chart), o.plot);
}

// --html: the explorer page of every method that trained, in --methods order
// (the first one's most frequent words are on the page).
void write_explorer(const std::vector<Row>& rows, const std::filesystem::path& dir, const Options& o) {
  explore::Options page;
  for (const Row& r : rows)
    if (r.error.empty()) {
      page.vectors.push_back((dir / (r.method + ".bin")).string());
      page.names.push_back(r.method);
    }
  if (page.vectors.empty()) return;  // every method failed: the table says so
  page.output = o.html;
  page.kmeans.threads = o.analogy.threads;
  page.quiet = o.quiet;
  explore::run(page);
}

// --output-dir, or a scratch directory that goes away however run() leaves:
// normal end, a failed read, or Ctrl-C (check_interrupted throws Interrupted).
class VectorsDirectory {
 public:
  explicit VectorsDirectory(const std::string& keep)
      : path_(keep.empty() ? std::filesystem::temp_directory_path() / ("embkit_compare_" + std::to_string(getpid()))
                           : std::filesystem::path(keep)),
        remove_(keep.empty()) {
    std::filesystem::create_directories(path_);
  }
  ~VectorsDirectory() {
    std::error_code ec;
    if (remove_) std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool remove_;
};

}  // namespace

int run(const Options& o) {
  require_rereadable_file(o.corpus, "compare trains every method on the corpus in turn");
  const Evaluation evaluation = read_evaluation(o);
  const VectorsDirectory dir(o.output_dir);
  std::vector<Row> rows;
  Progress progress("compare", o.quiet);
  for (std::size_t i = 0; i < o.methods.size(); ++i)
    rows.push_back(run_method(*find_method(o.methods[i]), o, evaluation, dir.path(), progress,
                              "[" + std::to_string(i + 1) + "/" + std::to_string(o.methods.size()) + "]"));
  progress.finish();
  const bool r8 = !evaluation.train.texts.empty();
  print_tables(rows, r8, o);
  if (!o.plot.empty()) write_plot(rows, r8, o);
  if (!o.html.empty()) write_explorer(rows, dir.path(), o);
  for (const Row& r : rows)
    if (!r.error.empty()) return 1;
  return 0;
}

EMBKIT_REGISTER_COMMAND("compare", "Train several methods on one corpus and print one comparison table",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.corpus.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::compare
