#include "tfidf_command.h"

#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/vectors_io.h"

namespace embkit::cli::tfidf {

void add_document_options(po::options_description& desc, DocumentOptions& o, TfidfOptions& tfidf) {
  CountVectorizerOptions& counting = tfidf.counting;
  o.tokens = token_pattern_name(counting.tokens);
  o.preset = tfidf.weighting.preset_name();
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "documents: one per line, label<TAB>text, or <doc> blocks")
      ("format", bound(o.format), "auto | lines | labeled | wikidoc")
      ("doc-words", bound(o.doc_words),
       "cut each document into pieces of N words, each a document (0 = keep documents whole; "
       "for one-line corpora such as text8)")
      ("fold-in", bound(o.fold_in),
       "more documents weighted with the model fitted on --input, appended as extra rows (e.g. a test set)")
      ("tokens", bound(o.tokens), "sklearn (lowercase, \\w\\w+) | unicode | whitespace")
      ("preset", bound(o.preset),
       "sklearn (SMART nsc: counts, ln((1+N)/(1+df))+1, L2 rows) | textbook (rtn: count/length, ln(N/df))")
      ("smart", bound(o.smart),
       "SMART code tf|idf|norm overriding --preset: tf n l a b L r, idf n t p s u, norm n c (e.g. ltc)")
      ("sublinear-tf", po::bool_switch(&o.sublinear_tf), "tf = 1 + ln(count) (sklearn's sublinear_tf)")
      ("min-df", bound(counting.min_df), "drop terms in fewer documents: a count (>= 1) or a proportion (< 1)")
      ("max-df", bound(counting.max_df), "drop terms in more documents: a proportion (<= 1.0) or a count (> 1)")
      ("max-features", bound(counting.max_features), "keep the N most frequent terms (0 = all)")
      ("labels-out", bound(o.labels_out),
       "write each output row's label (labeled input) or title (wikidoc), one per line");
}

void check_document_options(const DocumentOptions& o, TfidfOptions& tfidf) {
  parse_document_format(o.format);
  require_at_least("doc-words", o.doc_words, std::int64_t{0});
  tfidf.counting.tokens = parse_token_pattern(o.tokens);
  tfidf.weighting = o.smart.empty() ? SmartWeighting::preset(o.preset) : SmartWeighting::parse(o.smart);
  if (o.sublinear_tf) {
    if (tfidf.weighting.tf != 'n' && tfidf.weighting.tf != 'l')
      throw UsageError("--sublinear-tf applies to raw counts (tf letter n), but the weighting is " +
                       tfidf.weighting.code());
    tfidf.weighting.tf = 'l';
  }
  validate(tfidf.counting);
}

LoadedDocuments load_documents(const DocumentOptions& o, int threads) {
  LoadedDocuments d;
  d.input = read_documents(o.input, parse_document_format(o.format), nullptr, o.empty_lines, threads);
  if (o.doc_words > 0) d.input = split_documents(d.input, o.doc_words);
  if (d.input.texts.empty()) throw InputError(located(o.input, 0, "no documents"));
  if (!o.fold_in.empty()) {
    d.fold_in = read_documents(o.fold_in, parse_document_format(o.format), nullptr, o.empty_lines, threads);
    if (o.doc_words > 0) d.fold_in = split_documents(d.fold_in, o.doc_words);
    if (d.input.format != d.fold_in.format)
      throw InputError(located(o.fold_in, 0, std::string("is in ") + document_format_name(d.fold_in.format) +
                                                 " format but --input is " +
                                                 document_format_name(d.input.format)));
  }
  if (!o.labels_out.empty() && d.input.format != DocumentFormat::Labeled &&
      d.input.format != DocumentFormat::Wikidoc)
    throw InputError(located(o.input, 0, "--labels-out needs labeled (label<TAB>text) or wikidoc input; "
                                         "this file was read as " +
                                             std::string(document_format_name(d.input.format))));
  return d;
}

std::vector<std::string> LoadedDocuments::row_labels() const {
  std::vector<std::string> out;
  for (const Documents* d : {&input, &fold_in}) {
    const auto& names = d->format == DocumentFormat::Wikidoc ? d->titles : d->labels;
    out.insert(out.end(), names.begin(), names.end());
  }
  return out;
}

void write_labels(const DocumentOptions& o, const LoadedDocuments& docs) {
  if (o.labels_out.empty()) return;
  AtomicFile file(o.labels_out, false);
  for (const std::string& label : docs.row_labels()) file.stream() << label << '\n';
  file.commit();
}

std::vector<std::string> document_row_names(std::size_t rows) {
  std::vector<std::string> names(rows);
  for (std::size_t i = 0; i < rows; ++i) names[i] = "doc" + std::to_string(i);
  return names;
}

namespace {

// Input rows then fold-in rows, one CSR matrix.
SparseMatrix stack_rows(const SparseMatrix& top, const SparseMatrix& bottom) {
  if (bottom.rows() == 0) return top;
  std::vector<Triplet> t;
  t.reserve(static_cast<std::size_t>(top.nonZeros() + bottom.nonZeros()));
  for (const SparseMatrix* m : {&top, &bottom}) {
    const Eigen::Index offset = m == &top ? 0 : top.rows();
    for (Eigen::Index i = 0; i < m->outerSize(); ++i)
      for (SparseMatrix::InnerIterator it(*m, i); it; ++it)
        t.emplace_back(static_cast<int>(offset + i), static_cast<int>(it.col()), it.value());
  }
  SparseMatrix out(top.rows() + bottom.rows(), top.cols());
  out.setFromTriplets(t.begin(), t.end());
  return out;
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  add_document_options(desc, o.docs, o.tfidf);
  desc.add_options()
      ("output,o", po::value(&o.output)->required(),
       "document-term matrix: X.npz (scipy.sparse.load_npz) or X.mtx (Matrix Market); "
       "terms, df and idf go to X.terms.tsv")
      ("output-dense", bound(o.output_dense),
       "also write dense document vectors (.vec, .bin or .npy; rows doc0, doc1, ...)");
  add_threads_option(desc, o.tfidf.counting.threads);
  add_quiet_option(desc, o.docs.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("tfidf", "--input DOCS --output X.npz|X.mtx [options]", desc, args, vm)) return {};
  check_document_options(o.docs, o.tfidf);
  o.docs.empty_lines = EmptyLines::Keep;
  return o;
}

int run(const Options& o) {
  const LoadedDocuments docs = load_documents(o.docs, resolve_threads(o.tfidf.counting.threads));
  TfidfVectorizer vectorizer(o.tfidf);
  SparseMatrix X = vectorizer.fit_transform(docs.input.texts);
  if (!docs.fold_in.texts.empty()) X = stack_rows(X, vectorizer.transform(docs.fold_in.texts));
  if (!o.output_dense.empty()) {
    require_memory(static_cast<std::uint64_t>(X.rows()) * static_cast<std::uint64_t>(X.cols()) * 4,
                   "dense document vectors (--output-dense)");
    write_vectors(Embeddings(document_row_names(static_cast<std::size_t>(X.rows())),
                             Matrix(MatrixD(X).cast<float>())),
                  o.output_dense);
  }
  write_tfidf(X, vectorizer, o.output);
  write_labels(o.docs, docs);
  if (!o.docs.quiet) {
    const TfidfTimings& t = vectorizer.timings();
    std::cerr << "tfidf: " << X.rows() << " documents × " << X.cols() << " terms, " << X.nonZeros()
              << " non-zeros; counting " << t.counting_seconds << " s, weighting " << t.weighting_seconds
              << " s\n"
              << "tfidf: " << vectorizer.formula() << "\n";
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      const TfidfTimings& t = vectorizer.timings();
      j.key("documents").value(static_cast<std::int64_t>(X.rows())).key("terms").value(static_cast<std::int64_t>(X.cols()));
      j.key("nonzeros").value(static_cast<std::int64_t>(X.nonZeros())).key("formula").value(vectorizer.formula());
      j.key("counting_seconds").value(t.counting_seconds).key("weighting_seconds").value(t.weighting_seconds);
      j.key("output").value(o.output);
    });
  return 0;
}

// Under mpirun each rank counts a block of the documents (text/count_vectorizer.h).
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("tfidf", "TF-IDF document-term matrix (SMART weighting, sklearn-exact by default)",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.docs.input.empty() ? 0 : run(o);
                                    },
                                    {});

}  // namespace embkit::cli::tfidf
