#include "lsa_command.h"

#include <algorithm>
#include <iostream>
#include <numeric>

#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/vectors_io.h"
#include "factorization/lsa.h"

namespace embkit::cli::lsa {

namespace {

// Rows reordered by descending document frequency, ties by term bytes — a
// stable order that does not depend on the thread count.
Embeddings rows_by_document_frequency(const Embeddings& terms, const std::vector<std::int64_t>& df) {
  std::vector<std::size_t> order(df.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return df[a] != df[b] ? df[a] > df[b] : terms.labels[a] < terms.labels[b];
  });
  std::vector<std::string> labels;
  labels.reserve(order.size());
  Matrix vectors(terms.vectors.rows(), terms.vectors.cols());
  for (std::size_t i = 0; i < order.size(); ++i) {
    labels.push_back(terms.labels[order[i]]);
    vectors.row(static_cast<Eigen::Index>(i)) = terms.vectors.row(static_cast<Eigen::Index>(order[i]));
  }
  return Embeddings(std::move(labels), std::move(vectors));
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  LsaOptions& lsa = o.lsa;
  std::string solver = svd_solver_name(lsa.svd.solver);
  po::options_description desc("Options");
  tfidf::add_document_options(desc, o.docs, lsa.tfidf);
  desc.add_options()
      ("dim,d", bound(lsa.dim), "latent dimensions k")
      ("sigma-power", bound(lsa.sigma_power),
       "vectors are U·Σ^p and V·Σ^p; p in [0, 1] (1 = sklearn's TruncatedSVD.fit_transform)")
      ("power-iters", bound(lsa.svd.power_iters), "randomized SVD power iterations")
      ("oversample", bound(lsa.svd.oversample), "randomized SVD extra random directions")
      ("exact", po::bool_switch(&lsa.svd.exact), "exact SVD (dense BDCSVD; small inputs only)")
      ("output-docs", bound(o.output_docs),
       "document vectors (.vec/.bin/.npy), rows doc0, doc1, ... (input, then --fold-in)")
      ("output-terms", bound(o.output_terms), "term vectors")
      ("terms-order", bound(o.terms_order),
       "term rows: df (most documents first, as word2vec files are ordered by count, so --restrict keeps "
       "common words) | columns (the TF-IDF matrix's column order, alphabetical)")
      ("json", po::bool_switch(&o.json), "print a JSON summary (singular_values, timings) on stdout");
  add_svd_solver_option(desc, solver);
  add_threads_option(desc, lsa.tfidf.counting.threads, lsa.svd.threads);
  add_seed_option(desc, lsa.svd.seed);
  add_quiet_option(desc, o.docs.quiet);
  po::variables_map vm;
  if (!parse_args("lsa", "--input DOCS --dim K --output-docs D.vec [--output-terms T.vec] [options]", desc,
                  args, vm))
    return {};
  tfidf::check_document_options(o.docs, lsa.tfidf);
  lsa.validate();
  lsa.svd.solver = parse_svd_solver(solver);
  if (o.terms_order != "df" && o.terms_order != "columns")
    throw UsageError("--terms-order must be df or columns, got '" + o.terms_order + "'");
  if (o.output_docs.empty() && o.output_terms.empty() && !o.json)
    throw UsageError("nothing to do: give --output-docs, --output-terms or --json");
  return o;
}

int run(const Options& o) {
  const tfidf::LoadedDocuments docs = tfidf::load_documents(o.docs, resolve_threads(o.lsa.tfidf.counting.threads));
  Lsa lsa(o.lsa);
  const LsaModel& model = lsa.fit(docs.input.texts);
  const Eigen::Index k = model.svd.S.size();
  if (!o.output_docs.empty()) {
    MatrixD rows = model.documents;
    if (!docs.fold_in.texts.empty()) {
      const MatrixD folded = lsa.transform(docs.fold_in.texts);
      MatrixD all(rows.rows() + folded.rows(), k);
      all << rows, folded;
      rows = std::move(all);
    }
    write_vectors(to_embeddings(rows, tfidf::document_row_names(static_cast<std::size_t>(rows.rows()))),
                  o.output_docs);
  }
  if (!o.output_terms.empty()) {
    Embeddings terms = to_embeddings(model.terms, lsa.vectorizer().terms());
    if (o.terms_order == "df") terms = rows_by_document_frequency(terms, lsa.vectorizer().df());
    write_vectors(terms, o.output_terms);
  }
  tfidf::write_labels(o.docs, docs);
  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("documents").value(static_cast<std::int64_t>(model.tfidf.rows()));
    j.key("terms").value(static_cast<std::int64_t>(model.tfidf.cols()));
    j.key("nonzeros").value(static_cast<std::int64_t>(model.tfidf.nonZeros()));
    j.key("dim").value(static_cast<std::int64_t>(k));
    j.key("formula").value(lsa.vectorizer().formula());
    j.key("singular_values").begin_array();
    for (Eigen::Index i = 0; i < k; ++i) j.value(model.svd.S(i));
    j.end_array();
    j.key("tfidf_seconds").value(model.tfidf_seconds);
    j.key("counting_seconds").value(lsa.vectorizer().timings().counting_seconds);
    j.key("svd_seconds").value(model.svd_seconds);
    j.key("peak_rss_bytes").value(static_cast<std::uint64_t>(peak_rss_bytes()));
    j.end_object();
    std::cout << "\n";
  }
  if (!o.docs.quiet)
    std::cerr << "lsa: " << model.tfidf.rows() << " documents × " << model.tfidf.cols() << " terms → " << k
              << " dimensions; tfidf " << model.tfidf_seconds << " s, svd " << model.svd_seconds << " s\n";
  return 0;
}

// Under mpirun the truncated SVD is split across the ranks
// (factorization/randomized_svd.h); each rank computes the same TF-IDF.
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("lsa", "Latent semantic analysis: TF-IDF + truncated SVD document and term vectors",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.docs.input.empty() ? 0 : run(o);
                                    },
                                    {});

}  // namespace embkit::cli::lsa
