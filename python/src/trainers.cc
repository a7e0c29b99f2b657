// word2vec, tfidf and lsa: corpus or documents in, vectors or a matrix out.
#include "binding.h"
#include "core/documents.h"
#include "core/error.h"
#include "factorization/lsa.h"
#include "tfidf/tfidf_vectorizer.h"
#include "word2vec/word2vec.h"

namespace embkit::python {

namespace {

// The keyword arguments named otherwise than the Word2VecArgs fields they set
// (the CLI's flags, with '_').
const ParameterNames kWord2VecNames = {{"alpha", "lr"}, {"input", "corpus"}};

// A non-negative count for an unsigned field: a negative value is reported
// as the library reports a value out of range, not as a type error.
std::uint64_t count_argument(const char* name, std::int64_t value, const ParameterNames& names, std::int64_t minimum) {
  require_at_least(name, value, minimum, names);
  return static_cast<std::uint64_t>(value);
}

// Documents: a path (read as `embkit tfidf --input` reads it) or a sequence of str.
std::vector<std::string> documents_of(const py::object& docs, const ParameterNames& names) {
  if (is_path(docs)) {
    const std::string path = path_of(docs);
    return call(names, py::none(), [&] {
      Documents d = read_documents(path);
      if (d.texts.empty()) throw InputError(located(path, 0, "no documents"));
      return std::move(d.texts);
    });
  }
  return cast_argument<std::vector<std::string>>(docs, "docs", "a path or a sequence of str");
}

// TfidfOptions from the tfidf/lsa keyword arguments, validated as
// `embkit tfidf` validates them.
TfidfOptions tfidf_options(const std::string& tokens, const std::string& smart, bool sublinear_tf, bool lowercase,
                           bool binary, double min_df, double max_df, std::int64_t max_features, int threads,
                           const ParameterNames& names) {
  TfidfOptions o;
  o.counting.lowercase = lowercase;
  o.counting.binary = binary;
  o.counting.min_df = min_df;
  o.counting.max_df = max_df;
  o.counting.max_features = max_features;
  o.counting.threads = threads;
  call(names, py::none(), [&] {
    o.counting.tokens = parse_token_pattern(tokens);
    o.weighting = SmartWeighting::parse(smart);
    if (sublinear_tf) {
      if (o.weighting.tf != 'n' && o.weighting.tf != 'l')
        throw UsageError(param("sublinear_tf") + " applies to raw counts (tf letter n), but the weighting is " +
                         o.weighting.code());
      o.weighting.tf = 'l';
    }
    validate(o.counting);
  });
  return o;
}

}  // namespace

void bind_trainers(py::module_& m) {
  const Word2VecArgs w;
  m.def("word2vec",
        [](const py::object& corpus, const std::string& model, bool cbow_sum, bool shared_negatives, int dim,
           int window, int negative, double ns_exponent, double sample, std::int64_t min_count,
           std::int64_t max_vocab, int epochs, double lr, int threads, std::uint64_t seed,
           std::int64_t max_sentence, const std::string& subwords, std::uint64_t buckets, bool quiet,
           const py::object& progress) {
          Word2VecArgs a;
          a.cbow_sum = cbow_sum;
          a.shared_negatives = shared_negatives;
          a.dim = dim;
          a.window = window;
          a.negative = negative;
          a.ns_exponent = ns_exponent;
          a.sample = sample;
          a.min_count = count_argument("min_count", min_count, kWord2VecNames, 1);
          a.max_vocab = count_argument("max_vocab", max_vocab, kWord2VecNames, 0);
          a.epochs = epochs;
          a.alpha = lr;
          a.threads = threads;
          a.seed = seed;
          a.max_sentence = count_argument("max_sentence", max_sentence, kWord2VecNames, 1);
          a.buckets = buckets;
          a.quiet = quiet;
          std::vector<std::vector<std::string>> sentences;
          const bool from_file = is_path(corpus);
          if (from_file) a.input = path_of(corpus);
          // Any iterable of token lists: a generator is read into a list first.
          else sentences = cast_argument<std::vector<std::vector<std::string>>>(
                   PySequence_Check(corpus.ptr()) || !py::isinstance<py::iterable>(corpus) ? corpus : py::list(corpus),
                   "corpus", "a path or an iterable of token lists (lists of str)");
          return call(kWord2VecNames, progress, [&] {
            a.model = parse_word2vec_model(model);
            parse_subwords(subwords, a.minn, a.maxn);
            Word2Vec trainer(a);
            return from_file ? trainer.train() : trainer.train(sentences);
          });
        },
        py::arg("corpus"), py::kw_only(), py::arg("model") = word2vec_model_name(w.model),
        py::arg("cbow_sum") = w.cbow_sum, py::arg("shared_negatives") = w.shared_negatives, py::arg("dim") = w.dim,
        py::arg("window") = w.window, py::arg("negative") = w.negative, py::arg("ns_exponent") = w.ns_exponent,
        py::arg("sample") = w.sample, py::arg("min_count") = w.min_count, py::arg("max_vocab") = w.max_vocab,
        py::arg("epochs") = w.epochs, py::arg("lr") = w.alpha, py::arg("threads") = w.threads,
        py::arg("seed") = w.seed, py::arg("max_sentence") = w.max_sentence, py::arg("subwords") = "0",
        py::arg("buckets") = w.buckets, py::arg("quiet") = w.quiet,
        py::arg("progress") = py::none(), R"doc(
Skip-gram or CBOW word vectors with negative sampling (`embkit word2vec`).
`corpus` is a path (one sentence per line) or an iterable of token lists.
lr < 0 means the model's default (0.025 skip-gram, 0.05 CBOW; 0.05 with
subwords). subwords="3-6" trains fastText's subword model (character n-grams of
3 to 6 characters hashed into `buckets` rows); the vectors returned are then the
vocabulary words' n-gram means (the command's --save-model keeps the whole
model, for unseen words). With threads=1
and a fixed seed the vectors equal the CLI's. Returns a KeyedVectors, rows in
descending frequency.)doc");

  const TfidfOptions t;
  const CountVectorizerOptions& c = t.counting;
  m.def("tfidf",
        [](const py::object& docs, const std::string& tokens, const std::string& smart, bool sublinear_tf,
           bool lowercase, bool binary, double min_df, double max_df, std::int64_t max_features, int threads) {
          const TfidfOptions options = tfidf_options(tokens, smart, sublinear_tf, lowercase, binary, min_df, max_df,
                                                     max_features, threads, {});
          const std::vector<std::string> texts = documents_of(docs, {});
          TfidfVectorizer vectorizer(options);
          const SparseMatrix X = call([&] { return vectorizer.fit_transform(texts); });
          return py::make_tuple(to_scipy(X), vectorizer.terms());
        },
        py::arg("docs"), py::kw_only(), py::arg("tokens") = token_pattern_name(c.tokens),
        py::arg("smart") = t.weighting.code(), py::arg("sublinear_tf") = false, py::arg("lowercase") = c.lowercase,
        py::arg("binary") = c.binary, py::arg("min_df") = c.min_df, py::arg("max_df") = c.max_df,
        py::arg("max_features") = c.max_features, py::arg("threads") = c.threads, R"doc(
TF-IDF document-term matrix (`embkit tfidf`): (X, terms), X a
scipy.sparse.csr_matrix (documents x terms, float64), terms the column names.
`docs` is a path (lines, label<TAB>text or <doc> blocks) or a sequence of str.
The defaults (smart="nsc") equal scikit-learn's TfidfVectorizer().)doc");

  const LsaOptions l;
  m.def("lsa",
        [](const py::object& docs, int dim, double sigma_power, int power_iters, int oversample, bool exact,
           const std::string& tokens, const std::string& smart, bool sublinear_tf, double min_df, double max_df,
           std::int64_t max_features, int threads, std::uint64_t seed) {
          LsaOptions o;
          o.tfidf = tfidf_options(tokens, smart, sublinear_tf, o.tfidf.counting.lowercase, o.tfidf.counting.binary,
                                  min_df, max_df, max_features, threads, {});
          o.dim = dim;
          o.sigma_power = sigma_power;
          o.svd.power_iters = power_iters;
          o.svd.oversample = oversample;
          o.svd.exact = exact;
          o.svd.threads = threads;
          o.svd.seed = seed;
          const std::vector<std::string> texts = documents_of(docs, {});
          Lsa lsa(o);
          require_at_least("dim", dim, 1);
          require_at_least("power_iters", power_iters, 0);
          require_at_least("oversample", oversample, 0);
          call([&] { lsa.fit(texts); });
          const LsaModel& model = lsa.model();
          py::dict out;
          out["documents"] = to_numpy(model.documents);
          out["terms"] = to_embeddings(model.terms, lsa.vectorizer().terms());
          out["singular_values"] = to_numpy(model.svd.S);
          return out;
        },
        py::arg("docs"), py::arg("dim") = l.dim, py::kw_only(), py::arg("sigma_power") = l.sigma_power,
        py::arg("power_iters") = l.svd.power_iters, py::arg("oversample") = l.svd.oversample,
        py::arg("exact") = l.svd.exact, py::arg("tokens") = token_pattern_name(l.tfidf.counting.tokens),
        py::arg("smart") = l.tfidf.weighting.code(), py::arg("sublinear_tf") = false,
        py::arg("min_df") = l.tfidf.counting.min_df, py::arg("max_df") = l.tfidf.counting.max_df,
        py::arg("max_features") = l.tfidf.counting.max_features, py::arg("threads") = l.svd.threads,
        py::arg("seed") = l.svd.seed, R"doc(
Latent semantic analysis (`embkit lsa`): TF-IDF, then a rank-`dim` truncated
SVD. Returns {"documents": docs x dim array (U S^p), "terms": KeyedVectors of
the terms (V S^p), "singular_values": S}.)doc");
}

}  // namespace embkit::python
