#include "doc2vec_command.h"

#include <iostream>

#include "core/documents.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/progress.h"
#include "core/vectors_io.h"
#include "document_rows.h"

namespace embkit::cli::doc2vec {

Options parse(const Args& argv) {
  Options o;
  Doc2VecArgs& a = o.args;
  VocabularyFlags vocabulary(a.min_count, a.max_vocab);
  std::string mode = doc2vec_mode_name(a.mode);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input),
       "documents: one per line, label<TAB>text, or <doc> blocks; words are whitespace-separated")
      ("output,o", po::value(&o.output)->required(),
       "document vectors (.vec/.bin/.npy), one row per document in input order: doc0, doc1, ... (wikidoc: titles)")
      ("format", bound(o.format), "auto | lines | labeled | wikidoc")
      ("mode", bound(mode), "dbow (PV-DBOW, gensim dm=0) | dm (PV-DM, mean of document and context vectors)")
      ("dbow-words", po::bool_switch(&a.dbow_words), "dbow: also train skip-gram word vectors (gensim dbow_words=1)")
      ("words-output", po::value(&o.words_output), "also write the word vectors (dm, or dbow with --dbow-words)")
      ("dim", bound(a.dim), "vector dimension")
      ("window", bound(a.window), "maximum window (dm, --dbow-words); the effective one is uniform in 1..window")
      ("negative", bound(a.negative), "noise words per predicted word")
      ("ns-exponent", bound(a.ns_exponent), "noise distribution ∝ count^exponent")
      ("sample", bound(a.sample), "subsampling threshold for frequent words (0 = off)");
  vocabulary.add(desc, "ignore words seen fewer times");
  desc.add_options()
      ("epochs", bound(a.epochs), "passes over the documents")
      ("lr", bound(a.alpha), "starting learning rate, decaying linearly to lr·1e-4")
      ("labels-out", po::value(&o.labels_out),
       "write each row's class label (labeled input) or title (wikidoc), one per line")
      ("save-model", po::value(&o.save_model), "also write the trained model (vocabulary, word and output vectors) for --infer")
      ("infer", po::value(&o.infer),
       "instead of training, infer vectors for these documents with --load-model's frozen weights "
       "(its hyperparameters; --seed and --threads from here)")
      ("load-model", po::value(&o.load_model), "the model --infer uses (written by --save-model)")
      ("checkpoint", po::value(&a.checkpoint), "checkpoint file (written every --checkpoint-every percent and on interrupt)")
      ("checkpoint-every", bound(a.checkpoint_every), "percent of the run between checkpoints (0 = only on interrupt)")
      ("progress-json", po::value(&a.progress_json), "append one JSON object per progress interval to this file")
      ("resume", po::value(&a.resume),
       "continue from this checkpoint, with the same --input (its hyperparameters and thread count are used; "
       "--epochs, if given, sets the run's total)");
  add_json_option(desc, o.json);
  add_common_options(desc, a);
  po::variables_map vm;
  if (!parse_args("doc2vec",
                  "--input DOCS --output DOCS.vec [--mode dbow|dm] [options]\n"
                  "       embkit doc2vec --infer NEWDOCS --load-model MODEL --output NEW.vec",
                  desc, argv, vm))
    return {};
  if (o.infer.empty()) {
    require_given(vm, "input");
    if (!o.load_model.empty()) throw UsageError("--load-model is for --infer");
  } else {
    if (!o.input.empty()) throw UsageError("give --input (train) or --infer (use a saved model), not both");
    require_given(vm, "load-model");
    if (!o.save_model.empty()) throw UsageError("--save-model is for training, not --infer");
    if (!vm["dim"].defaulted()) o.expected_dim = a.dim;
    if (!a.checkpoint.empty() || !a.resume.empty())
      throw UsageError("--checkpoint and --resume are for training, not --infer");
  }
  if (!a.resume.empty()) {
    for (const char* flag : {"mode", "dbow-words", "dim", "window", "negative", "sample", "min-count", "lr"})
      if (!vm[flag].defaulted()) {
        std::cerr << "doc2vec: note: --resume uses the checkpoint's hyperparameters\n";
        break;
      }
    if (!vm["epochs"].defaulted()) a.resume_epochs = a.epochs;
  }
  a.mode = parse_doc2vec_mode(mode);
  vocabulary.check();
  parse_document_format(o.format);
  a.validate();
  // With --resume the mode is the checkpoint's: run() checks --words-output against it.
  if (a.resume.empty() && a.dbow_words && a.mode != Doc2VecMode::Dbow)
    throw UsageError("--dbow-words applies to --mode dbow only");
  if (a.resume.empty() && !o.words_output.empty() && a.mode == Doc2VecMode::Dbow && !a.dbow_words)
    throw UsageError("--words-output needs --mode dm or --dbow-words (plain PV-DBOW trains no word vectors)");
  vector_format_from_path(o.output);
  if (!o.words_output.empty()) vector_format_from_path(o.words_output);
  return o;
}

namespace {

int run_infer(const Options& o) {
  const Doc2Vec model = Doc2Vec::load_model(o.load_model);
  const Doc2VecArgs& m = model.args();
  if (o.expected_dim > 0 && m.dim != o.expected_dim)
    throw InputError(located(o.load_model, 0, "the model has " + std::to_string(m.dim) + "-dimensional vectors, not --dim " +
                                                  std::to_string(o.expected_dim)));
  const Documents docs = read_documents(o.infer, parse_document_format(o.format));
  const Embeddings vectors = model.infer(docs.texts, document_row_labels(docs), o.args.seed, o.args.threads);
  write_vectors(vectors, o.output);
  write_document_labels(o.labels_out, docs, o.infer);
  if (!o.args.quiet)
    std::cerr << "doc2vec: inferred " << docs.texts.size() << " document vector(s) with " << o.load_model << " ("
              << doc2vec_mode_name(m.mode) << ", " << m.dim << " dims, " << m.epochs << " epochs)\n";
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("mode").value(doc2vec_mode_name(m.mode)).key("documents").value(static_cast<std::uint64_t>(docs.texts.size()));
      j.key("dim").value(m.dim).key("epochs").value(m.epochs).key("model").value(o.load_model);
      j.key("output").value(o.output);
    });
  return 0;
}

}  // namespace

int run(const Options& o) {
  if (!o.infer.empty()) return run_infer(o);
  if (!o.args.resume.empty() && !o.words_output.empty()) {
    const Doc2VecArgs resumed = doc2vec_checkpoint_args(o.args.resume);
    if (resumed.mode == Doc2VecMode::Dbow && !resumed.dbow_words)
      throw UsageError("--words-output needs --mode dm or --dbow-words, and checkpoint " + o.args.resume +
                       " is plain PV-DBOW (no word vectors)");
  }
  const Documents docs = read_documents(o.input, parse_document_format(o.format));
  Doc2Vec trainer(o.args);
  Embeddings vectors = trainer.train(docs.texts, document_row_labels(docs), o.input);
  const Doc2VecStats& st = trainer.stats();
  if (!o.words_output.empty()) write_vectors(trainer.word_vectors(), o.words_output);
  if (!o.save_model.empty()) trainer.save_model(o.save_model);
  write_vectors(vectors, o.output);
  write_document_labels(o.labels_out, docs, o.input);
  const Doc2VecArgs& a = trainer.args();  // after --resume: the checkpoint's hyperparameters
  if (!a.quiet) {
    if (st.empty_documents > 0)
      std::cerr << "doc2vec: warning: " << st.empty_documents << " of " << st.documents
                << " document(s) have no word reaching --min-count (their vectors stay random)\n";
    std::cerr << "doc2vec: " << doc2vec_mode_name(a.mode) << (a.dbow_words ? " with word vectors" : "") << ", "
              << st.documents << " documents, " << trainer.vocabulary().size() << " words x " << a.dim << " dims, "
              << format_count(static_cast<double>(st.train_words)) << " words x " << a.epochs << " epochs in "
              << format_duration(st.seconds) << ", final loss " << st.final_loss << "\n";
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("mode").value(doc2vec_mode_name(a.mode)).key("dbow_words").value(a.dbow_words);
      j.key("documents").value(st.documents).key("vocabulary").value(trainer.vocabulary().size());
      j.key("dim").value(a.dim).key("epochs").value(a.epochs).key("train_words").value(st.train_words);
      j.key("empty_documents").value(st.empty_documents).key("training_seconds").value(st.seconds);
      j.key("final_loss").value(st.final_loss).key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("doc2vec", "Train document vectors: Paragraph Vectors PV-DBOW or PV-DM (negative sampling)",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.output.empty() ? 0 : run(o);
                        },
                        {{"alpha", "lr"}});

}  // namespace embkit::cli::doc2vec
