// word2vec, tfidf, lsa, doc2vec and sif: corpus or documents in, vectors or a
// matrix out.
#include <optional>

#include "binding.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/vectors_io.h"
#include "core/vocabulary.h"
#include "eval/document_vectors.h"
#include "eval/label_lookup.h"
#include "factorization/lsa.h"
#include "factorization/sif.h"
#include "text/sklearn_tokenizer.h"
#include "tfidf/tfidf_vectorizer.h"
#include "word2vec/doc2vec.h"
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

// doc0, doc1, ...: the labels of document rows (the CLI's for lines input).
std::vector<std::string> document_labels(std::size_t n) {
  std::vector<std::string> labels;
  labels.reserve(n);
  for (std::size_t i = 0; i < n; ++i) labels.push_back("doc" + std::to_string(i));
  return labels;
}

void bind_documents(py::module_& m) {
  const Doc2VecArgs d;
  const ParameterNames names = {{"alpha", "lr"}};
  m.def("doc2vec",
        [names](const py::object& docs, const std::string& mode, bool dbow_words, int dim, int window, int negative,
                double ns_exponent, double sample, std::int64_t min_count, std::int64_t max_vocab, int epochs,
                double lr, int threads, std::uint64_t seed, const py::object& save_model, bool quiet,
                const py::object& progress) {
          Doc2VecArgs a;
          a.dbow_words = dbow_words;
          a.dim = dim;
          a.window = window;
          a.negative = negative;
          a.ns_exponent = ns_exponent;
          a.sample = sample;
          a.min_count = count_argument("min_count", min_count, names, 1);
          a.max_vocab = count_argument("max_vocab", max_vocab, names, 0);
          a.epochs = epochs;
          a.alpha = lr;
          a.threads = threads;
          a.seed = seed;
          a.quiet = quiet;
          const std::string model_path = save_model.is_none() ? "" : path_of(save_model);
          const std::vector<std::string> texts = documents_of(docs, names);
          struct Trained {
            Embeddings documents, words;
            bool has_words = false;
          };
          Trained t = call(names, progress, [&] {
            a.mode = parse_doc2vec_mode(mode);
            if (a.dbow_words && a.mode != Doc2VecMode::Dbow)
              throw ParameterError("dbow_words", "applies to mode dbow only");
            Doc2Vec trainer(a);
            Trained out{trainer.train(texts, document_labels(texts.size())), {}, false};
            if (!model_path.empty()) trainer.save_model(model_path);
            out.has_words = a.mode == Doc2VecMode::Dm || a.dbow_words;
            if (out.has_words) out.words = trainer.word_vectors();
            return out;
          });
          py::dict result;
          result["documents"] = py::cast(std::move(t.documents));
          result["words"] = t.has_words ? py::cast(std::move(t.words)) : py::none();
          return result;
        },
        py::arg("docs"), py::kw_only(), py::arg("mode") = doc2vec_mode_name(d.mode),
        py::arg("dbow_words") = d.dbow_words, py::arg("dim") = d.dim, py::arg("window") = d.window,
        py::arg("negative") = d.negative, py::arg("ns_exponent") = d.ns_exponent, py::arg("sample") = d.sample,
        py::arg("min_count") = d.min_count, py::arg("max_vocab") = d.max_vocab, py::arg("epochs") = d.epochs,
        py::arg("lr") = d.alpha, py::arg("threads") = d.threads, py::arg("seed") = d.seed,
        py::arg("save_model") = py::none(), py::arg("quiet") = d.quiet, py::arg("progress") = py::none(), R"doc(
Paragraph Vectors (`embkit doc2vec`): PV-DBOW (mode="dbow", dbow_words=True
also trains word vectors) or PV-DM (mode="dm"), gensim's Doc2Vec defaults.
`docs` is a path (lines, label<TAB>text or <doc> blocks) or a sequence of str,
split on whitespace. Returns {"documents": KeyedVectors doc0, doc1, ... in
input order, "words": KeyedVectors or None (plain PV-DBOW trains none)}.
save_model writes the model doc2vec_infer reads. With threads=1 and a fixed
seed the vectors equal the CLI's.)doc");

  m.def("doc2vec_infer",
        [](const py::object& docs, const py::object& load_model, std::uint64_t seed, int threads) {
          const std::string path = path_of(load_model);
          const std::vector<std::string> texts = documents_of(docs, {});
          return call([&] {
            return Doc2Vec::load_model(path).infer(texts, document_labels(texts.size()), seed, threads);
          });
        },
        py::arg("docs"), py::kw_only(), py::arg("load_model"), py::arg("seed") = d.seed,
        py::arg("threads") = d.threads, R"doc(
Vectors for new documents from a model doc2vec(save_model=...) wrote, its word
and output vectors frozen (`embkit doc2vec --infer`, gensim's infer_vector):
a KeyedVectors doc0, doc1, ...; the same for any thread count.)doc");

  const SifOptions s;
  m.def("sif",
        [](const py::object& vectors, const py::object& docs, double a, const py::object& counts, int components,
           int threads, std::uint64_t seed) {
          SifOptions o;
          o.a = a;
          o.components = components;
          o.svd.threads = threads;
          o.svd.seed = seed;
          const std::string counts_path = counts.is_none() ? "" : path_of(counts);
          const std::vector<std::string> texts = documents_of(docs, {});
          const bool from_file = is_path(vectors);
          const std::string vectors_path = from_file ? path_of(vectors) : "";
          Embeddings read;
          const Embeddings& given =
              from_file ? read : cast_argument<const Embeddings&>(vectors, "vectors", "a KeyedVectors or a path");
          return call([&] {
            validate(o);
            if (from_file) read = read_vectors(vectors_path);
            const Embeddings& w = from_file ? read : given;
            // scikit-learn's tokens and case-insensitive lookup, as `embkit sif`.
            const LabelLookup lookup(w, 0, true);
            const DocumentRows rows = document_word_rows(lookup, texts, tokenize_sklearn);
            const std::vector<double> p = counts_path.empty()
                                              ? probabilities_from_documents(rows, w.rows())
                                              : probabilities_from_vocabulary(Vocabulary::load(counts_path), w.labels);
            return Embeddings(document_labels(texts.size()), embkit::sif(w.vectors, rows, p, o).vectors);
          });
        },
        py::arg("vectors"), py::arg("docs"), py::kw_only(), py::arg("a") = s.a, py::arg("counts") = py::none(),
        py::arg("components") = s.components, py::arg("threads") = s.svd.threads, py::arg("seed") = s.svd.seed,
        R"doc(
SIF document vectors (`embkit sif`): the a/(a + p(w))-weighted mean of the
word vectors of each document minus its projection on the first `components`
singular vectors. `vectors` is a KeyedVectors or a path; `docs` a path or a
sequence of str (scikit-learn's tokens, case-insensitive lookup); p(w) from
`counts` (a word<TAB>count file, embkit vocab's) or else from the documents.
Returns a KeyedVectors doc0, doc1, ... (zero rows for documents with no known
word).)doc");
}

}  // namespace

void bind_trainers(py::module_& m) {
  bind_documents(m);
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
          std::optional<Lsa> lsa;
          call([&] {
            lsa.emplace(o);
            lsa->fit(texts);
          });
          const LsaModel& model = lsa->model();
          py::dict out;
          out["documents"] = to_numpy(model.documents);
          out["terms"] = to_embeddings(model.terms, lsa->vectorizer().terms());
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
