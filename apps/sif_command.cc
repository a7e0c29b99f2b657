#include "sif_command.h"

#include <iostream>

#include "core/documents.h"
#include "core/error.h"
#include "core/vectors_io.h"
#include "document_rows.h"
#include "eval/document_vectors.h"
#include "eval/label_lookup.h"
#include "text/sklearn_tokenizer.h"

namespace embkit::cli::sif {

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  add_vectors_option(desc, o.vectors);
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "documents: one per line, label<TAB>text, or <doc> blocks")
      ("output,o", po::value(&o.output)->required(),
       "document vectors (.vec/.bin/.npy), one row per document in input order: doc0, doc1, ... (wikidoc: titles)")
      ("format", bound(o.format), "auto | lines | labeled | wikidoc")
      ("a", bound(o.sif.a), "smoothing a of the word weight a / (a + p(w))")
      ("counts", po::value(&o.counts),
       "word<TAB>count file (embkit vocab) giving p(w) = count / total; without it p(w) is each word's share "
       "of the documents' own tokens")
      ("components", bound(o.sif.components), "principal directions removed (0 = weighted means only)")
      ("labels-out", po::value(&o.labels_out),
       "write each row's class label (labeled input) or title (wikidoc), one per line");
  add_json_option(desc, o.json);
  add_threads_option(desc, o.sif.svd.threads);
  add_seed_option(desc, o.sif.svd.seed);
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("sif", "--vectors WORDS --input DOCS --output DOCS.vec [options]", desc, args, vm)) return {};
  parse_document_format(o.format);
  validate(o.sif);
  vector_format_from_path(o.output);
  return o;
}

int run(const Options& o) {
  const Embeddings words = read_vectors(o.vectors);
  const Documents docs = read_documents(o.input, parse_document_format(o.format));
  // scikit-learn's tokens and case-insensitive lookup, as classify's avg:VECTORS.
  const LabelLookup lookup(words, 0, true);
  const DocumentRows rows = document_word_rows(lookup, docs.texts, tokenize_sklearn);
  const std::vector<double> p = o.counts.empty() ? probabilities_from_documents(rows, words.rows())
                                                 : probabilities_from_vocabulary(Vocabulary::load(o.counts), words.labels);
  SifResult result;
  try {
    result = embkit::sif(words.vectors, rows, p, o.sif);
  } catch (const InputError& e) {
    throw InputError(located(o.input, 0, std::string(e.what()) + " in " + o.vectors));
  }
  write_vectors(Embeddings(document_row_labels(docs), std::move(result.vectors)), o.output);
  write_document_labels(o.labels_out, docs, o.input);
  if (!o.quiet) {
    if (result.empty_documents > 0)
      std::cerr << "sif: warning: " << result.empty_documents << " of " << docs.texts.size()
                << " document(s) have no word in " << o.vectors << " (zero vectors)\n";
    std::cerr << "sif: " << docs.texts.size() << " documents x " << words.dim() << " dims, a = " << o.sif.a
              << ", p(w) from " << (o.counts.empty() ? "the documents" : o.counts) << ", "
              << result.components.rows() << " component(s) removed\n";
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("documents").value(static_cast<std::int64_t>(docs.texts.size())).key("dim").value(words.dim());
      j.key("a").value(o.sif.a).key("probabilities").value(o.counts.empty() ? "documents" : o.counts);
      j.key("components_removed").value(static_cast<std::int64_t>(result.components.rows()));
      j.key("empty_documents").value(result.empty_documents).key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("sif", "SIF document vectors: frequency-weighted mean of word vectors minus the common component",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::sif
