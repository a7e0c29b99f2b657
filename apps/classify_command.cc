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
#include "eval/classify.h"
#include "eval/label_lookup.h"
#include "factorization/lsa.h"
#include "text/sklearn_tokenizer.h"
#include "tfidf/tfidf_vectorizer.h"

namespace embkit::cli::classify {

namespace {

struct FeatureSpec {
  std::string kind;  // tfidf | lsa | avg | doc
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
  if (spec.kind == "avg" || spec.kind == "doc") {
    if (spec.argument.empty())
      throw UsageError("--features " + spec.kind + ":VECTORS needs a vector file after the colon");
    return spec;
  }
  if (spec.kind == "lsa") {
    const auto [end, ec] =
        std::from_chars(spec.argument.data(), spec.argument.data() + spec.argument.size(), spec.lsa_dim);
    if (ec != std::errc() || end != spec.argument.data() + spec.argument.size() || spec.lsa_dim < 1)
      throw UsageError("--features lsa:DIM needs a positive whole number of dimensions, got '" + text + "'");
    return spec;
  }
  throw UsageError("unknown --features '" + text + "' (expected tfidf, lsa:DIM, avg:VECTORS or doc:VECTORS)");
}

// Mean word vector per document; returns how many documents had no known word.
Matrix average_word_vectors(const Embeddings& words, const Documents& docs,
                            std::int64_t& empty_documents) {
  const LabelLookup lookup(words, 0, true);
  Matrix features = Matrix::Zero(static_cast<Eigen::Index>(docs.texts.size()), words.dim());
  std::vector<std::string> tokens;
  empty_documents = 0;
  for (std::size_t d = 0; d < docs.texts.size(); ++d) {
    tokens.clear();
    tokenize_sklearn(docs.texts[d], tokens);
    std::int64_t known = 0;
    for (const std::string& token : tokens) {
      const std::int64_t row = lookup.find(token);
      if (row < 0) continue;
      features.row(static_cast<Eigen::Index>(d)) += words.vectors.row(row);
      ++known;
    }
    if (known > 0)
      features.row(static_cast<Eigen::Index>(d)) /= static_cast<float>(known);
    else
      ++empty_documents;
  }
  return features;
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("train", po::value(&o.train)->required(), "labelled training documents: label<TAB>text per line")
      ("test", po::value(&o.test)->required(), "labelled test documents, same format")
      ("features", po::value(&o.features)->required(),
       "avg:VECTORS (mean word vector) | doc:VECTORS (one row per train then test document) | tfidf | lsa:DIM")
      ("k", po::value(&o.k)->default_value(o.k), "neighbours that vote")
      ("tie-rule", po::value(&o.tie_rule)->default_value(o.tie_rule),
       "vote ties: nearest (class of the nearest tied neighbour) or smallest-label (scikit-learn)")
      ("per-class", po::bool_switch(&o.per_class), "also print precision/recall/F1 per class")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table");
  add_common_options(desc, common);  // --seed drives lsa:DIM's randomized SVD
  po::variables_map vm;
  if (!parse_args("classify", "--train LABELED --test LABELED --features SPEC [options]", desc, args, vm))
    return {};
  require_positive("k", o.k);
  require_one_of("tie-rule", o.tie_rule, {"nearest", "smallest-label"});
  parse_features(o.features);
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  resolve_threads(o.threads);
  return o;
}

int run(const Options& o) {
  const FeatureSpec spec = parse_features(o.features);
  const Documents train = read_documents(o.train, DocumentFormat::Labeled);
  const Documents test = read_documents(o.test, DocumentFormat::Labeled);
  if (train.texts.empty()) throw InputError(located(o.train, 0, "no training documents"));
  if (test.texts.empty()) throw InputError(located(o.test, 0, "no test documents"));

  // Classes over train ∪ test labels (sorted), so a class seen only in the test
  // set still counts in macro-F1, as in scikit-learn.
  std::vector<std::string> all_labels = train.labels;
  all_labels.insert(all_labels.end(), test.labels.begin(), test.labels.end());
  const ClassLabels classes = encode_labels(all_labels);
  const std::vector<int> train_ids = lookup_labels(classes, train.labels);
  const std::vector<int> test_ids = lookup_labels(classes, test.labels);
  KnnClassifierOptions options;
  options.k = o.k;
  options.tie_rule = parse_tie_rule(o.tie_rule);
  options.threads = o.threads;
  const int n_classes = static_cast<int>(classes.names.size());

  Matrix train_features, test_features;
  std::vector<int> predicted;
  if (spec.kind == "tfidf") {
    // scikit-learn's TfidfVectorizer() fitted on the training documents.
    TfidfVectorizer vectorizer;
    const SparseMatrix x_train = vectorizer.fit_transform(train.texts);
    const SparseMatrix x_test = vectorizer.transform(test.texts);
    if (!o.quiet) std::cerr << "classify: " << vectorizer.formula() << "\n";
    predicted = knn_classify_sparse(x_train, train_ids, n_classes, x_test, options);
  } else if (spec.kind == "lsa") {
    // LSA fitted on the training documents (TF-IDF as above, then truncated
    // SVD); test documents fold in as tfidf(x)·V, sklearn's TruncatedSVD.transform.
    LsaOptions lsa_options;
    lsa_options.dim = spec.lsa_dim;
    lsa_options.svd.seed = o.seed;
    lsa_options.svd.threads = o.threads;
    Lsa lsa(lsa_options);
    const LsaModel& model = lsa.fit(train.texts);
    // Like scikit-learn's TruncatedSVD, refuse rather than quietly return fewer dimensions.
    if (model.documents.cols() < lsa_options.dim)
      throw InputError(located(o.train, 0, "--features " + o.features + " asks for more dimensions than the " +
                                               std::to_string(model.tfidf.rows()) + " × " +
                                               std::to_string(model.tfidf.cols()) + " training TF-IDF matrix has"));
    train_features = model.documents.cast<float>();
    test_features = lsa.transform(test.texts).cast<float>();
    if (!o.quiet)
      std::cerr << "classify: " << lsa.vectorizer().formula() << "; truncated SVD to " << lsa_options.dim
                << " dimensions\n";
  } else if (spec.kind == "avg") {
    const Embeddings words = read_vectors(spec.argument);
    std::int64_t empty_train = 0, empty_test = 0;
    train_features = average_word_vectors(words, train, empty_train);
    test_features = average_word_vectors(words, test, empty_test);
    if (!o.quiet && empty_train + empty_test > 0)
      std::cerr << "classify: " << empty_train << " training and " << empty_test
                << " test document(s) have no word in " << spec.argument << " (zero vectors)\n";
  } else {
    const Embeddings docs = read_vectors(spec.argument);
    const std::int64_t expected = static_cast<std::int64_t>(train.texts.size() + test.texts.size());
    if (docs.rows() != expected)
      throw InputError(located(spec.argument, 0,
                               "expected one row per document (" + std::to_string(train.texts.size()) +
                                   " train + " + std::to_string(test.texts.size()) + " test = " +
                                   std::to_string(expected) + "), found " + std::to_string(docs.rows())));
    train_features = docs.vectors.topRows(static_cast<Eigen::Index>(train.texts.size()));
    test_features = docs.vectors.bottomRows(static_cast<Eigen::Index>(test.texts.size()));
  }

  if (spec.kind != "tfidf")
    predicted = knn_classify(train_features, train_ids, n_classes, test_features, options);
  const ClassificationReport report = score_predictions(test_ids, predicted, classes.names);

  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("features").value(o.features);
    j.key("k").value(o.k);
    j.key("tie_rule").value(o.tie_rule);
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
    return 0;
  }
  std::printf("# k-NN (k=%lld, cosine, ties: %s) on %s: %zu train, %zu test documents\n",
              static_cast<long long>(o.k), o.tie_rule.c_str(), o.features.c_str(),
              train.texts.size(), test.texts.size());
  std::printf("accuracy  %.4f  (%lld/%lld)\nmacro-F1  %.4f\n", report.accuracy,
              static_cast<long long>(report.correct), static_cast<long long>(report.total),
              report.macro_f1);
  if (o.per_class) {
    std::printf("%-16s %9s %9s %9s %8s\n", "class", "precision", "recall", "f1", "support");
    for (const ClassScores& c : report.classes)
      std::printf("%-16s %9.4f %9.4f %9.4f %8lld\n", c.name.c_str(), c.precision, c.recall, c.f1,
                  static_cast<long long>(c.support));
  }
  return 0;
}

EMBKIT_REGISTER_COMMAND("classify", "k-NN document classification: accuracy and macro-F1",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.train.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::classify
