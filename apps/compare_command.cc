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
#include "core/sparse.h"
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

// What a method's vectors are: word vectors, trained on --input and scored on
// every task (R8 by the mean of a document's word vectors), or one vector per
// R8 document, trained on the --docs-train and --docs-test texts together
// (unsupervised, as a document-vector trainer must see every document) and
// scored on R8 only.
enum class Task { Words, Documents };

struct Method {
  const char* name;
  const char* command;
  std::vector<std::string> arguments;
  const char* output_flag = "--output";  // where the command writes the vectors compare scores
  Task task = Task::Words;
  const char* extension = ".bin";  // of that file: ".npz" for a sparse matrix
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
      // Document methods, with their commands' defaults: scikit-learn's
      // TfidfVectorizer, LSA in 100 dimensions, gensim's Doc2Vec (10 epochs,
      // min-count 5: bench/documents.sh's 20 epochs and min-count 2 took R8
      // from 0.954 to 0.960 with PV-DBOW but from 0.869 to 0.844 with PV-DM,
      // one run each, seed 1).
      {"tfidf", "tfidf", {}, "--output", Task::Documents, ".npz"},
      {"lsa-docs", "lsa", {}, "--output-docs", Task::Documents},
      {"doc2vec-dbow", "doc2vec", {"--mode", "dbow"}, "--output", Task::Documents},
      {"doc2vec-dm", "doc2vec", {"--mode", "dm"}, "--output", Task::Documents},
      // SIF weights the word vectors of one word method of the run (sif_words
      // in Options) with p(w) from the corpus's counts, as the paper takes p
      // from the corpus the vectors come from; both are added at run time.
      {"sif", "sif", {}, "--output", Task::Documents},
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
  bool documents = false;    // a document method: no word-task scores, no vocabulary
  std::string word_vectors;  // sif: the method whose word vectors it weights
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

// The options --extra gives `method`, split into words.
std::vector<std::string> extra_arguments(const std::string& method, const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (const std::string& e : extra)
    if (e.substr(0, e.find('=')) == method) {
      std::vector<std::string_view> words;
      const std::string value = e.substr(e.find('=') + 1);
      split_whitespace(value, words);
      for (auto w : words) out.emplace_back(w);
    }
  return out;
}

bool gives(const std::vector<std::string>& arguments, const char* flag) {
  return std::find(arguments.begin(), arguments.end(), flag) != arguments.end();
}

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
      ("input,i", po::value(&o.corpus), "training corpus of the word methods (whitespace-separated words)")
      ("methods", po::value(&methods)->default_value(""),
       "comma-separated: ppmi-svd, glove, word2vec-sg, word2vec-cbow, lsa (word vectors); tfidf, lsa-docs, "
       "doc2vec-dbow, doc2vec-dm, sif (document vectors, with --docs-train) (default: all that apply)")
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
                  args, vm)) {
    o.help = true;
    return o;
  }
  if (o.docs_train.empty() != o.docs_test.empty())
    throw UsageError("--docs-train and --docs-test go together");
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
    if (m->task == Task::Documents && o.docs_train.empty())
      throw UsageError("--methods: '" + name + "' makes document vectors: give --docs-train and --docs-test");
    o.methods.push_back(name);
  }
  if (o.methods.empty())
    for (const Method& m : methods_table())
      if (available(m) && (m.task == Task::Words || !o.docs_train.empty())) o.methods.push_back(m.name);
  // Word methods first: sif weights one of their outputs.
  std::stable_partition(o.methods.begin(), o.methods.end(),
                        [](const std::string& name) { return find_method(name)->task == Task::Words; });
  const bool word_methods = find_method(o.methods.front())->task == Task::Words;
  if (word_methods && o.corpus.empty())
    throw UsageError("the option '--input' is required but missing (the corpus the word methods train on)");
  require_one_of("format", o.format, {"md", "csv"});
  if (!o.html.empty() && !ends_with(o.html, ".html"))
    throw UsageError("--html must end in .html, got '" + o.html + "'");
  for (const std::string& e : o.extra) {
    const std::size_t eq = e.find('=');
    if (eq == std::string::npos || !find_method(e.substr(0, eq)))
      throw UsageError("--extra expects METHOD='--option value ...' with a known method, got '" + e + "'");
  }
  // sif's word vectors: word2vec-sg's (the paper's choice of vectors) when it
  // runs, else the first word method's, unless --extra gives a file.
  if (gives(o.methods, "sif") && !gives(extra_arguments("sif", o.extra), "--vectors")) {
    if (!word_methods)
      throw UsageError("--methods: 'sif' weights word vectors: add a word method (e.g. word2vec-sg) or give "
                       "--extra 'sif=--vectors FILE'");
    o.sif_words = gives(o.methods, "word2vec-sg") ? "word2vec-sg" : o.methods.front();
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
  SplitLabels labels;     // of train and test
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
    e.labels = encode_split_labels(e.train.labels, e.test.labels);
  }
  return e;
}

// Where a run keeps its files: the vectors (--output-dir, or scratch) and the
// inputs compare makes for the document methods (always scratch).
struct Paths {
  std::filesystem::path vectors, scratch;
  std::string documents() const { return (scratch / "documents.tsv").string(); }   // train then test texts
  std::string counts() const { return (scratch / "corpus.counts.tsv").string(); }  // --input's word counts
};

// The R8 training then test documents, as one labelled file with a header
// (so no first label can be taken for one): the document methods' input,
// their rows in this order.
void write_documents(const Evaluation& e, const std::string& path) {
  AtomicFile f(path, true, AtomicFile::Commit::Now);  // read by the children before compare ends
  f.stream() << "label\ttext\n";
  for (const Documents* d : {&e.train, &e.test})
    for (std::size_t i = 0; i < d->texts.size(); ++i) f.stream() << d->labels[i] << '\t' << d->texts[i] << '\n';
  f.commit();
}

// The method's child command line: its input (the corpus, or the documents
// file), its fixed arguments and those of this run (`more`), --threads, then
// --extra, which replaces any of the fixed ones it gives again.
std::vector<std::string> trainer_arguments(const Method& method, const Options& o, const Paths& paths,
                                           const std::string& vectors, const std::vector<std::string>& more) {
  const std::vector<std::string> extra = extra_arguments(method.name, o.extra);
  const bool documents = method.task == Task::Documents;
  std::vector<std::string> args = {method.command, "--input", documents ? paths.documents() : o.corpus,
                                   method.output_flag, vectors};
  std::vector<std::string> fixed = method.arguments;
  if (documents) fixed.insert(fixed.end(), {"--format", "labeled"});
  fixed.insert(fixed.end(), more.begin(), more.end());
  fixed = without_overridden(fixed, extra);
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
    const SplitLabels& labels = e.labels;
    const auto predicted = knn_classify(mean_word_vectors(emb, lookup, e.train.texts, tokenize_sklearn), labels.train, labels.size(),
                                        mean_word_vectors(emb, lookup, e.test.texts, tokenize_sklearn), o.classify);
    row.r8 = score_predictions(labels.test, predicted, labels.classes.names).accuracy;
  }
}

// A document method's rows (training documents, then test documents) scored
// by the same k-NN classifier; TF-IDF's sparse rows by its sparse twin.
void evaluate_documents(Row& row, const std::string& vectors, bool sparse, const Evaluation& e, const Options& o) {
  const auto n_train = static_cast<Eigen::Index>(e.train.texts.size());
  const auto n_test = static_cast<Eigen::Index>(e.test.texts.size());
  auto check_rows = [&](Eigen::Index rows) {
    if (rows != n_train + n_test)
      throw InputError(located(vectors, 0, "expected one row per document (" + std::to_string(n_train + n_test) +
                                               "), found " + std::to_string(rows)));
  };
  const SplitLabels& labels = e.labels;
  std::vector<int> predicted;
  if (sparse) {
    const SparseMatrix x = read_sparse(vectors);
    check_rows(x.rows());
    row.dims = x.cols();
    predicted = knn_classify_sparse(x.topRows(n_train), labels.train, labels.size(), x.bottomRows(n_test), o.classify);
  } else {
    const Embeddings docs = read_vectors(vectors);
    check_rows(docs.rows());
    row.dims = docs.dim();
    predicted = knn_classify(docs.vectors.topRows(n_train), labels.train, labels.size(),
                             docs.vectors.bottomRows(n_test), o.classify);
  }
  row.r8 = score_predictions(labels.test, predicted, labels.classes.names).accuracy;
}

// One child `embkit ARGS`, its time and peak memory added to the row's;
// false (the row holding the error) when it failed.
bool run_child(Row& row, const std::vector<std::string>& args, Progress& progress, const std::string& step) {
  std::string line;
  for (const auto& a : args) line += (line.empty() ? "" : " ") + a;
  progress.message(step + " " + row.method + ": embkit " + line);
  const ProcessResult child = run_process(self_executable(), args, true);
  check_interrupted();
  row.seconds = std::isfinite(row.seconds) ? row.seconds + child.seconds : child.seconds;
  row.peak_bytes = std::isfinite(row.peak_bytes) ? std::max(row.peak_bytes, child.peak_bytes) : child.peak_bytes;
  if (child.exit_code == 0) return true;
  row.error = "exit " + std::to_string(child.exit_code);
  progress.message(row.method + " failed (" + row.error + "); continuing");
  return false;
}

std::string vectors_path(const Method& method, const Paths& paths) {
  return (paths.vectors / (std::string(method.name) + method.extension)).string();
}

// sif's arguments from this run: the word vectors of o.sif_words and, with a
// corpus, its counts (computed first, by `embkit vocab`, in the row's time).
// False when they cannot be had (the row says why).
bool sif_inputs(Row& row, const Options& o, const Paths& paths, const std::vector<Row>& done,
                std::vector<std::string>& more, Progress& progress, const std::string& step) {
  if (!o.sif_words.empty()) {
    row.word_vectors = o.sif_words;
    for (const Row& r : done)
      if (r.method == o.sif_words && !r.error.empty()) {
        row.error = "no word vectors (" + o.sif_words + " failed)";
        return false;
      }
    more.insert(more.end(), {"--vectors", vectors_path(*find_method(o.sif_words), paths)});
  }
  if (o.corpus.empty() || gives(extra_arguments("sif", o.extra), "--counts")) return true;
  more.insert(more.end(), {"--counts", paths.counts()});
  std::vector<std::string> count = {"vocab", "--input", o.corpus, "--output", paths.counts(), "--min-count", "1"};
  if (o.quiet) count.push_back("--quiet");
  return run_child(row, count, progress, step + " counting the corpus for");
}

// Trains one method in a child process, then evaluates its vectors.
Row run_method(const Method& method, const Options& o, const Evaluation& e, const Paths& paths,
               const std::vector<Row>& done, Progress& progress, const std::string& step) {
  Row row;
  row.method = method.name;
  row.documents = method.task == Task::Documents;
  const std::string vectors = vectors_path(method, paths);
  std::vector<std::string> more;
  if (row.method == "sif" && !sif_inputs(row, o, paths, done, more, progress, step)) return row;
  if (!run_child(row, trainer_arguments(method, o, paths, vectors, more), progress, step + " training")) return row;
  if (row.documents) evaluate_documents(row, vectors, std::string(method.extension) == ".npz", e, o);
  else evaluate(row, read_vectors(vectors), e, o);
  // sif still needs its word vectors; the scratch directory goes at the end anyway.
  const bool needed = row.method == o.sif_words && gives(o.methods, "sif");
  if (o.output_dir.empty() && o.html.empty() && !needed) std::filesystem::remove(vectors);
  return row;
}

// The table's rows as JSON; a blank cell (dataset missing, method failed) is null.
void print_json(const std::vector<Row>& rows, bool r8, const Options& o) {
  JsonWriter j(std::cout);
  j.begin_object().key("corpus").value(o.corpus).key("methods").begin_array();
  for (const Row& r : rows) {
    j.begin_object().key("method").value(r.method).key("vectors").value(r.documents ? "documents" : "words");
    if (!r.word_vectors.empty()) j.key("word_vectors").value(r.word_vectors);
    j.key("seconds").value(r.seconds).key("peak_bytes").value(r.peak_bytes).key("vocabulary");
    if (r.documents) j.null();
    else j.value(r.vocabulary);
    j.key("dims").value(r.dims);
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
  bool documents = false, words = false;
  for (const Row& r : rows) (r.documents ? documents : words) = true;
  md << "| method | time | peak memory | vocabulary | dims | WS353 | SimLex-999 | RG-65 | analogy sem | "
        "analogy syn | analogy total |"
     << (r8 ? (documents ? " R8 acc (k=5) |" : " R8 acc (avg vectors, k=5) |") : "")
     << "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" << (r8 ? "---:|" : "") << "\n";
  csv << "method,seconds,peak_bytes,vocabulary,dims,ws353,simlex999,rg65,analogy_semantic,analogy_syntactic,"
         "analogy_total"
      << (r8 ? ",r8_accuracy" : "") << ",error\n";
  for (const Row& r : rows) {
    const std::string vocabulary = r.documents ? "–" : std::to_string(r.vocabulary);
    md << "| " << r.method << (r.word_vectors.empty() ? "" : " (" + r.word_vectors + ")") << " | "
       << format_duration(r.seconds) << " | " << format_bytes(r.peak_bytes) << " | " << vocabulary << " | "
       << r.dims << " | " << cell(r.ws353) << " | " << cell(r.simlex) << " | "
       << cell(r.rg65) << " | " << cell(r.semantic) << " | " << cell(r.syntactic) << " | " << cell(r.total)
       << " |" << (r8 ? " " + cell(r.r8) + " |" : "") << (r.error.empty() ? "" : " failed: " + r.error) << "\n";
    csv << r.method << "," << csv_cell(r.seconds) << "," << csv_cell(r.peak_bytes) << ","
        << (r.documents ? "" : std::to_string(r.vocabulary)) << ","
        << r.dims << "," << csv_cell(r.ws353) << "," << csv_cell(r.simlex) << "," << csv_cell(r.rg65) << ","
        << csv_cell(r.semantic) << "," << csv_cell(r.syntactic) << "," << csv_cell(r.total)
        << (r8 ? "," + csv_cell(r.r8) : "") << "," << r.error << "\n";
  }
  // Which vectors the R8 column scores, under the Markdown table.
  if (r8 && documents)
    md << "\nR8: " << (words ? "word methods by the mean of each document's word vectors; " : "")
       << "document methods (no word-task scores) by their own document vectors, trained on the training and "
          "test texts together.\n";
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
    if (r.error.empty() && !r.documents) {  // the page explores words
      page.vectors.push_back((dir / (r.method + ".bin")).string());
      page.names.push_back(r.method);
    }
  if (page.vectors.empty()) return;  // every word method failed (the table says so), or none ran
  page.output = o.html;
  page.kmeans.threads = o.analogy.threads;
  page.quiet = o.quiet;
  explore::run(page);
}

// --output-dir, or a scratch directory (named by `suffix`) that goes away
// however run() leaves: normal end, a failed read, or Ctrl-C
// (check_interrupted throws Interrupted).
class VectorsDirectory {
 public:
  explicit VectorsDirectory(const std::string& keep, const std::string& suffix = "")
      : path_(keep.empty() ? std::filesystem::temp_directory_path() /
                                 ("embkit_compare_" + std::to_string(getpid()) + suffix)
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
  if (o.help) return 0;
  if (!o.corpus.empty()) require_rereadable_file(o.corpus, "compare trains every method on the corpus in turn");
  const Evaluation evaluation = read_evaluation(o);
  const VectorsDirectory dir(o.output_dir), scratch("", "_inputs");
  const Paths paths{dir.path(), scratch.path()};
  if (find_method(o.methods.back())->task == Task::Documents) write_documents(evaluation, paths.documents());
  std::vector<Row> rows;
  Progress progress("compare", o.quiet);
  for (std::size_t i = 0; i < o.methods.size(); ++i)
    rows.push_back(run_method(*find_method(o.methods[i]), o, evaluation, paths, rows, progress,
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
                          return run(parse(a));
                        });

}  // namespace embkit::cli::compare
