// svd, pca, glove, ppmi and mf.
#include "binding.h"
#include "core/error.h"
#include "factorization/glove.h"
#include "factorization/pca.h"
#include "factorization/ppmi.h"
#include "factorization/randomized_svd.h"

namespace embkit::python {

namespace {

// The corpus and co-occurrence settings glove and ppmi share (the CLI's
// CooccurrenceFlags): a path, min_count, max_vocab, window, weighting.
VocabularyOptions corpus_options(const py::object& corpus, std::string& path, std::int64_t min_count,
                                 std::int64_t max_vocab, CooccurrenceOptions& counting, int window,
                                 const std::string& weighting, int threads, bool quiet) {
  if (!is_path(corpus)) throw py::type_error("corpus must be a path (str or os.PathLike)");
  path = path_of(corpus);
  require_at_least("min_count", min_count, 1);
  require_at_least("max_vocab", max_vocab, 0);
  VocabularyOptions vocabulary;
  vocabulary.min_count = static_cast<std::uint64_t>(min_count);
  vocabulary.max_vocab = static_cast<std::uint64_t>(max_vocab);
  counting.window = window;
  counting.threads = threads;
  counting.quiet = quiet;
  call([&] { counting.weighting = parse_window_weighting(weighting); });
  return vocabulary;
}

}  // namespace

void bind_factorization(py::module_& m) {
  const GloveOptions g;
  const VocabularyOptions v;
  m.def("glove",
        [](const py::object& corpus, std::int64_t min_count, std::int64_t max_vocab, int window,
           const std::string& weighting, int dim, int epochs, double x_max, double weight_exponent, double lr,
           double bias_lr, const std::string& combine, int threads, std::uint64_t seed, bool quiet, const py::object& progress) {
          GloveOptions o;
          std::string path;
          const VocabularyOptions vocabulary =
              corpus_options(corpus, path, min_count, max_vocab, o.cooccurrence, window, weighting, threads, quiet);
          if (combine != "sum" && combine != "word")
            throw_value_error(param("combine") + " must be sum or word, got '" + combine + "'");
          o.dim = dim;
          o.epochs = epochs;
          o.x_max = x_max;
          o.alpha = weight_exponent;
          o.learning_rate = lr;
          o.bias_learning_rate = bias_lr;
          o.threads = threads;
          o.seed = seed;
          o.quiet = quiet;
          return call({{"learning_rate", "lr"}, {"bias_learning_rate", "bias_lr"}, {"alpha", "weight_exponent"}}, progress,
                      [&] { return glove_word_vectors(path, vocabulary, o, combine == "sum"); });
        },
        py::arg("corpus"), py::kw_only(), py::arg("min_count") = v.min_count, py::arg("max_vocab") = v.max_vocab,
        py::arg("window") = g.cooccurrence.window,
        py::arg("weighting") = window_weighting_name(g.cooccurrence.weighting), py::arg("dim") = g.dim,
        py::arg("epochs") = g.epochs, py::arg("x_max") = g.x_max, py::arg("weight_exponent") = g.alpha,
        py::arg("lr") = g.learning_rate, py::arg("bias_lr") = g.bias_learning_rate, py::arg("combine") = "sum",
        py::arg("threads") = g.threads, py::arg("seed") = g.seed, py::arg("quiet") = g.quiet,
        py::arg("progress") = py::none(), R"doc(
GloVe word vectors (`embkit glove`, without checkpoints) of a corpus file:
a KeyedVectors, W + W~ (combine="sum") or W ("word").)doc");

  const PpmiOptions pp;
  const PpmiSvdOptions ps;
  m.def("ppmi",
        [](const py::object& corpus, std::int64_t min_count, std::int64_t max_vocab, int window,
           const std::string& weighting, int dim, double cds, double shift, double sigma_power, bool add_context,
           int oversample, int power_iters, const std::string& solver, int threads, std::uint64_t seed, bool quiet) {
          PpmiOptions o;
          PpmiSvdOptions vectors;
          std::string path;
          const VocabularyOptions vocabulary =
              corpus_options(corpus, path, min_count, max_vocab, o.cooccurrence, window, weighting, threads, quiet);
          o.cds_alpha = cds;
          o.shift = shift;
          vectors.dim = dim;
          vectors.sigma_power = sigma_power;
          vectors.add_context = add_context;
          vectors.svd.oversample = oversample;
          vectors.svd.power_iters = power_iters;
          vectors.svd.threads = threads;
          vectors.svd.seed = seed;
          return call({{"cds_alpha", "cds"}}, py::none(), [&] {
            vectors.svd.solver = parse_svd_solver(solver);
            return ppmi_word_vectors(path, vocabulary, o, vectors);
          });
        },
        py::arg("corpus"), py::kw_only(), py::arg("min_count") = v.min_count, py::arg("max_vocab") = v.max_vocab,
        py::arg("window") = pp.cooccurrence.window,
        py::arg("weighting") = window_weighting_name(pp.cooccurrence.weighting), py::arg("dim") = ps.dim,
        py::arg("cds") = pp.cds_alpha, py::arg("shift") = pp.shift, py::arg("sigma_power") = ps.sigma_power,
        py::arg("add_context") = ps.add_context, py::arg("oversample") = ps.svd.oversample,
        py::arg("power_iters") = ps.svd.power_iters, py::arg("solver") = svd_solver_name(ps.svd.solver),
        py::arg("threads") = ps.svd.threads, py::arg("seed") = ps.svd.seed, py::arg("quiet") = pp.cooccurrence.quiet,
        R"doc(
PPMI-SVD word vectors (`embkit ppmi`, Levy, Goldberg & Dagan 2015) of a corpus
file: a KeyedVectors, U S^sigma_power (+ V S^sigma_power with add_context).)doc");

  const SvdOptions s;
  m.def("svd",
        [](const py::object& X, int k, const std::string& solver, int power_iters, int oversample, bool exact,
           int threads, std::uint64_t seed) {
          SvdOptions o;
          o.rank = k;
          o.power_iters = power_iters;
          o.oversample = oversample;
          o.exact = exact;
          o.threads = threads;
          o.seed = seed;
          const SparseMatrix A = to_sparse(X);
          const SvdResult r = call({{"rank", "k"}}, py::none(), [&] {
            o.solver = parse_svd_solver(solver);
            return randomized_svd(A, o);
          });
          return py::make_tuple(to_numpy(r.U), to_numpy(r.S), to_numpy(r.V));
        },
        py::arg("X"), py::arg("k") = s.rank, py::kw_only(), py::arg("solver") = svd_solver_name(s.solver),
        py::arg("power_iters") = s.power_iters, py::arg("oversample") = s.oversample, py::arg("exact") = s.exact,
        py::arg("threads") = s.threads, py::arg("seed") = s.seed, R"doc(
Truncated SVD X ~ U diag(S) V^T of a scipy.sparse or dense matrix (`embkit
svd`): (U m x k, S descending, V n x k), float64. Randomized (Halko et al.
2011; solver "subspace" or "krylov") unless exact=True.)doc");

  const PcaOptions p;
  m.def("pca",
        [](const py::array& X, int k, int power_iters, bool exact, int threads, std::uint64_t seed) {
          require_at_least("k", k, 1);
          require_at_least("power_iters", power_iters, 0);
          PcaOptions o;
          o.components = k;
          o.svd.power_iters = power_iters;
          o.svd.exact = exact;
          o.svd.threads = threads;
          o.svd.seed = seed;
          const MatrixD data = to_matrix_d(X, "X");
          const PcaResult r = call({{"components", "k"}}, py::none(), [&] { return pca(data, o); });
          py::dict d;
          d["mean"] = to_numpy(Eigen::VectorXd(r.mean.transpose()));
          d["components"] = to_numpy(r.components);
          d["singular_values"] = to_numpy(r.singular_values);
          d["explained_variance"] = to_numpy(r.explained_variance);
          d["explained_variance_ratio"] = to_numpy(r.explained_variance_ratio);
          d["projection"] = to_numpy(r.projection);
          return d;
        },
        py::arg("X"), py::arg("k") = p.components, py::kw_only(), py::arg("power_iters") = p.svd.power_iters,
        py::arg("exact") = p.svd.exact, py::arg("threads") = p.svd.threads, py::arg("seed") = p.svd.seed, R"doc(
Principal components of the rows of X (`embkit pca`, as sklearn's PCA): a
dict with mean, components (k x d), singular_values, explained_variance,
explained_variance_ratio and projection (n x k).)doc");
}

}  // namespace embkit::python
