#include "classify_command.h"

#include <charconv>
#include <cstdio>
#include <iostream>

#include "core/documents.h"
#include "core/error.h"
#include "core/json.h"
#include "core/parallel.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/document_vectors.h"
#include "eval/label_lookup.h"
#include "factorization/sif.h"
#include "text/sklearn_tokenizer.h"
#include "tfidf/tfidf_vectorizer.h"
#include "word2vec/doc2vec.h"

namespace embkit::cli::classify {

namespace {

struct FeatureSpec {
  std::string kind;  // tfidf | lsa | avg | sif | doc | doc2vec
  std::string argument;
  int lsa_dim = 0;  // lsa:DIM, parsed once here
};

FeatureSpec parse_features(const std::string& text) {
  const std::size_t colon = text.find(':');
  FeatureSpec spec{text.substr(0, colon), colon == std::string::npos ? "" : text.substr(colon + 1)};
  if (spec.kind == "tfidf") {
    if (!spec.argument.empty()) throw UsageError("--features tfidf takes no argument, got '" + text + "'");
    return spec;
  }
  if (spec.kind == "avg" || spec.kind == "doc" || spec.kind == "sif") {
    if (spec.argument.empty())
      throw UsageError("--features " + spec.kind + ":VECTORS needs a vector file after the colon");
    return spec;
  }
  if (spec.kind == "doc2vec") {
    if (spec.argument.empty())
      throw UsageError("--features doc2vec:MODEL needs a model file (embkit doc2vec --save-model) after the colon");
    return spec;
  }
  if (spec.kind == "lsa") {
    const auto [end, ec] =
        std::from_chars(spec.argument.data(), spec.argument.data() + spec.argument.size(), spec.lsa_dim);
    if (ec != std::errc() || end != spec.argument.data() + spec.argument.size() || spec.lsa_dim < 1)
      throw UsageError("--features lsa:DIM needs a positive whole number of dimensions, got '" + text + "'");
    return spec;
  }
  throw UsageError("unknown --features '" + text +
                   "' (expected tfidf, lsa:DIM, avg:VECTORS, sif:VECTORS, doc:VECTORS or doc2vec:MODEL)");
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  std::string tie_rule = tie_rule_name(o.knn.tie_rule);
  po::options_description desc("Options");
  desc.add_options()
      ("train", po::value(&o.train)->required(), "labelled training documents: label<TAB>text per line")
      ("test", po::value(&o.test)->required(), "labelled test documents, same format")
      ("features", po::value(&o.features)->required(),
       "avg:VECTORS (mean word vector) | sif:VECTORS (SIF over train and test documents) | "
       "doc:VECTORS (one row per train then test document) | doc2vec:MODEL (vectors inferred with a saved "
       "doc2vec model) | tfidf | lsa:DIM")
      ("k,k", bound(o.knn.k), "neighbours that vote")
      ("tie-rule", bound(tie_rule),
       "vote ties: nearest (class of the nearest tied neighbour) or smallest-label (scikit-learn)")
      ("per-class", po::bool_switch(&o.per_class), "also print precision/recall/F1 per class")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table");
  add_threads_option(desc, o.knn.threads, o.lsa.svd.threads);
  add_seed_option(desc, o.lsa.svd.seed);  // lsa:DIM's randomized SVD, sif:'s, doc2vec:'s inference
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("classify", "--train LABELED --test LABELED --features SPEC [options]", desc, args, vm))
    return {};
  require_positive("k", o.knn.k);
  require_one_of("tie-rule", tie_rule, {"nearest", "smallest-label"});
  o.knn.tie_rule = parse_tie_rule(tie_rule);
  const FeatureSpec spec = parse_features(o.features);
  if (spec.kind == "lsa") o.lsa.dim = spec.lsa_dim;
  resolve_threads(o.knn.threads);
  return o;
}

namespace {

// Dense train and test feature rows of every kind but tfidf.
struct DenseFeatures {
  Matrix train, test;
};

// LSA fitted on the training documents (TF-IDF, then truncated SVD); test
// documents fold in as tfidf(x)·V, sklearn's TruncatedSVD.transform.
DenseFeatures lsa_features(const Options& o, const Documents& train, const Documents& test) {
  Lsa lsa(o.lsa);
  const LsaModel& model = lsa.fit(train.texts);
  // Like scikit-learn's TruncatedSVD, refuse rather than quietly return fewer dimensions.
  if (model.documents.cols() < o.lsa.dim)
    throw InputError(located(o.train, 0, "--features " + o.features + " asks for more dimensions than the " +
                                             std::to_string(model.tfidf.rows()) + " × " +
                                             std::to_string(model.tfidf.cols()) + " training TF-IDF matrix has"));
  DenseFeatures f{model.documents.cast<float>(), lsa.transform(test.texts).cast<float>()};
  if (!o.quiet)
    std::cerr << "classify: " << lsa.vectorizer().formula() << "; truncated SVD to " << o.lsa.dim
              << " dimensions\n";
  return f;
}

DenseFeatures average_features(const Options& o, const std::string& vectors, const Documents& train,
                               const Documents& test) {
  const Embeddings words = read_vectors(vectors);
  const LabelLookup lookup(words, 0, true);
  std::int64_t empty_train = 0, empty_test = 0;
  DenseFeatures f{mean_word_vectors(words, lookup, train.texts, tokenize_sklearn, &empty_train),
                  mean_word_vectors(words, lookup, test.texts, tokenize_sklearn, &empty_test)};
  if (!o.quiet && empty_train + empty_test > 0)
    std::cerr << "classify: " << empty_train << " training and " << empty_test << " test document(s) have no word in "
              << vectors << " (zero vectors)\n";
  return f;
}

// SIF (factorization/sif.h) over the training and test documents together,
// unsupervised as a document-vector trainer's rows: p(w) from their tokens,
// the common component from all their weighted means.
DenseFeatures sif_features(const Options& o, const std::string& vectors, const Documents& train,
                           const Documents& test) {
  const Embeddings words = read_vectors(vectors);
  const LabelLookup lookup(words, 0, true);
  std::vector<std::string> texts = train.texts;
  texts.insert(texts.end(), test.texts.begin(), test.texts.end());
  const DocumentRows rows = document_word_rows(lookup, texts, tokenize_sklearn);
  SifOptions options;
  options.svd.seed = o.lsa.svd.seed;
  options.svd.threads = o.lsa.svd.threads;
  const SifResult r = embkit::sif(words.vectors, rows, probabilities_from_documents(rows, words.rows()), options);
  if (!o.quiet && r.empty_documents > 0)
    std::cerr << "classify: " << r.empty_documents << " document(s) have no word in " << vectors << " (zero vectors)\n";
  return {r.vectors.topRows(static_cast<Eigen::Index>(train.texts.size())),
          r.vectors.bottomRows(static_cast<Eigen::Index>(test.texts.size()))};
}

DenseFeatures document_features(const std::string& vectors, const Documents& train, const Documents& test) {
  const Embeddings docs = read_vectors(vectors);
  const std::int64_t expected = static_cast<std::int64_t>(train.texts.size() + test.texts.size());
  if (docs.rows() != expected)
    throw InputError(located(vectors, 0,
                             "expected one row per document (" + std::to_string(train.texts.size()) + " train + " +
                                 std::to_string(test.texts.size()) + " test = " + std::to_string(expected) +
                                 "), found " + std::to_string(docs.rows())));
  return {docs.vectors.topRows(static_cast<Eigen::Index>(train.texts.size())),
          docs.vectors.bottomRows(static_cast<Eigen::Index>(test.texts.size()))};
}

// Every training and test document inferred with a saved doc2vec model
// (gensim's infer_vector: its word and output vectors frozen), the usual
// inductive protocol: a model trained on the training documents alone gives
// the test documents vectors it never saw.
DenseFeatures doc2vec_features(const Options& o, const std::string& model_path, const Documents& train,
                               const Documents& test) {
  const Doc2Vec model = Doc2Vec::load_model(model_path);
  std::vector<std::string> texts = train.texts;
  texts.insert(texts.end(), test.texts.begin(), test.texts.end());
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < texts.size(); ++i) labels.push_back("doc" + std::to_string(i));
  const Embeddings all = model.infer(texts, std::move(labels), o.lsa.svd.seed, o.knn.threads);
  if (!o.quiet)
    std::cerr << "classify: " << texts.size() << " documents inferred with " << model_path << " ("
              << doc2vec_mode_name(model.args().mode) << ", " << model.args().dim << " dims)\n";
  return {all.vectors.topRows(static_cast<Eigen::Index>(train.texts.size())),
          all.vectors.bottomRows(static_cast<Eigen::Index>(test.texts.size()))};
}

// The predicted class of every test document under --features.
std::vector<int> predict(const Options& o, const Documents& train, const Documents& test, const SplitLabels& labels) {
  const FeatureSpec spec = parse_features(o.features);
  if (spec.kind == "tfidf") {
    // scikit-learn's TfidfVectorizer() fitted on the training documents.
    TfidfVectorizer vectorizer;
    const SparseMatrix x_train = vectorizer.fit_transform(train.texts);
    const SparseMatrix x_test = vectorizer.transform(test.texts);
    if (!o.quiet) std::cerr << "classify: " << vectorizer.formula() << "\n";
    return knn_classify_sparse(x_train, labels.train, labels.size(), x_test, o.knn);
  }
  const DenseFeatures f = spec.kind == "lsa"   ? lsa_features(o, train, test)
                          : spec.kind == "avg" ? average_features(o, spec.argument, train, test)
                          : spec.kind == "sif" ? sif_features(o, spec.argument, train, test)
                          : spec.kind == "doc2vec" ? doc2vec_features(o, spec.argument, train, test)
                                                   : document_features(spec.argument, train, test);
  return knn_classify(f.train, labels.train, labels.size(), f.test, o.knn);
}

void print_json(const Options& o, const ClassificationReport& report) {
  JsonWriter j(std::cout);
  j.begin_object();
  j.key("features").value(o.features);
  j.key("k").value(o.knn.k);
  j.key("tie_rule").value(tie_rule_name(o.knn.tie_rule));
  j.key("accuracy").value(report.accuracy);
  j.key("macro_f1").value(report.macro_f1);
  j.key("correct").value(report.correct);
  j.key("total").value(report.total);
  j.key("classes").begin_array();
  for (const ClassScores& c : report.classes) {
    j.begin_object();
    j.key("class").value(c.name);
    j.key("precision").value(c.precision);
    j.key("recall").value(c.recall);
    j.key("f1").value(c.f1);
    j.key("support").value(c.support);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  std::cout << "\n";
}

void print_table(const Options& o, const ClassificationReport& report, std::size_t train, std::size_t test) {
  std::printf("# k-NN (k=%lld, cosine, ties: %s) on %s: %zu train, %zu test documents\n",
              static_cast<long long>(o.knn.k), tie_rule_name(o.knn.tie_rule), o.features.c_str(), train, test);
  std::printf("accuracy  %.4f  (%lld/%lld)\nmacro-F1  %.4f\n", report.accuracy,
              static_cast<long long>(report.correct), static_cast<long long>(report.total), report.macro_f1);
  if (o.per_class) {
    std::printf("%-16s %9s %9s %9s %8s\n", "class", "precision", "recall", "f1", "support");
    for (const ClassScores& c : report.classes)
      std::printf("%-16s %9.4f %9.4f %9.4f %8lld\n", c.name.c_str(), c.precision, c.recall, c.f1,
                  static_cast<long long>(c.support));
  }
}

}  // namespace

int run(const Options& o) {
  const Documents train = read_documents(o.train, DocumentFormat::Labeled);
  const Documents test = read_documents(o.test, DocumentFormat::Labeled);
  if (train.texts.empty()) throw InputError(located(o.train, 0, "no training documents"));
  if (test.texts.empty()) throw InputError(located(o.test, 0, "no test documents"));
  const SplitLabels labels = encode_split_labels(train.labels, test.labels);
  const std::vector<int> predicted = predict(o, train, test, labels);
  const ClassificationReport report = score_predictions(labels.test, predicted, labels.classes.names);
  if (o.json) print_json(o, report);
  else print_table(o, report, train.texts.size(), test.texts.size());
  return 0;
}

// Under mpirun the training documents are sharded for the k-NN search
// (eval/classify.h); every rank computes the same features.
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("classify", "k-NN document classification: accuracy and macro-F1",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.train.empty() ? 0 : run(o);
                                    },
                                    {});

}  // namespace embkit::cli::classify
