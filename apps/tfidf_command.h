// embkit tfidf: documents → TF-IDF document-term matrix (Matrix Market) plus
// its terms file; the weighting options are shared with `embkit lsa`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"
#include "core/documents.h"
#include "tfidf/tfidf_vectorizer.h"

namespace embkit::cli::tfidf {

// Input and weighting options common to `tfidf` and `lsa`. The weighting
// flags are kept as typed until check_document_options() turns them into the
// library's TfidfOptions, whose defaults they show.
struct DocumentOptions {
  std::string input;
  std::string format = "auto";   // auto | lines | labeled | wikidoc
  std::int64_t doc_words = 0;    // > 0: cut documents into pieces of this many words
  std::string fold_in;           // documents transformed with the fitted model, appended
  std::string tokens;            // TfidfOptions' token pattern, by name
  std::string preset;            // TfidfOptions' weighting, by preset name
  std::string smart;             // overrides preset when given
  bool sublinear_tf = false;
  std::string labels_out;
  bool quiet = false;
  // tfidf keeps an empty line as an empty row, as scikit-learn does; lsa
  // skips it (a document with no terms has no place in the latent space).
  EmptyLines empty_lines = EmptyLines::Skip;
};
// --input ... --labels-out; --min-df, --max-df and --max-features bind to `tfidf`.
void add_document_options(po::options_description& desc, DocumentOptions& o, TfidfOptions& tfidf);
// Validates the flags and sets `tfidf`'s tokens and weighting (UsageError on
// bad values or conflicts).
void check_document_options(const DocumentOptions& o, TfidfOptions& tfidf);

// The documents of --input and --fold-in, and their labels (labeled input) or
// titles (wikidoc input), in output row order; large files are read by up to
// `threads` threads.
struct LoadedDocuments {
  Documents input;
  Documents fold_in;
  std::vector<std::string> row_labels() const;
};
LoadedDocuments load_documents(const DocumentOptions& o, int threads);
// Writes --labels-out if given: one label per output row.
void write_labels(const DocumentOptions& o, const LoadedDocuments& docs);
// "doc0", "doc1", … — vector-file labels for document rows.
std::vector<std::string> document_row_names(std::size_t rows);

struct Options {
  DocumentOptions docs;
  TfidfOptions tfidf;
  std::string output;        // X.npz or X.mtx (+ X.terms.tsv)
  std::string output_dense;  // optional dense document vectors (.vec/.bin/.npy)
  bool json = false;         // --json: a summary object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::tfidf
