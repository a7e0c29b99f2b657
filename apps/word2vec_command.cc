#include "word2vec_command.h"

#include <iostream>

#include "core/distributed.h"
#include "core/parallel.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/progress.h"
#include "core/vectors_io.h"
#include "word2vec/word2vec.h"

namespace embkit::cli::word2vec {

Options parse(const Args& argv) {
  Options o;
  Word2VecArgs& a = o.args;
  VocabularyFlags vocabulary(a.min_count, a.max_vocab);
  // Read signed, so that "-1" reaches validation instead of wrapping around.
  std::int64_t max_sentence = static_cast<std::int64_t>(a.max_sentence);
  std::int64_t sync_words = static_cast<std::int64_t>(a.sync_words);
  std::string model = word2vec_model_name(a.model), max_memory = std::to_string(a.max_memory);
  std::string subwords = "0", sync_rows = sync_rows_name(a.sync_rows);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&a.input), "tokenized corpus (whitespace-separated words, e.g. from embkit tokenize), one sentence per line; - for stdin")
      ("output,o", po::value(&o.output), "word vectors; format from the extension: .vec/.txt text, .bin word2vec binary, .npy")
      ("model", bound(model), "skipgram | cbow")
      ("cbow-sum", po::bool_switch(&a.cbow_sum), "CBOW: sum the context vectors instead of averaging them")
      ("shared-negatives", bound(a.shared_negatives),
       "skip-gram: share noise words across a window (Ji et al. 2016); false = word2vec.c's per-pair noise "
       "(--subwords always draws per pair)")
      ("dim", bound(a.dim), "vector dimension")
      ("window", bound(a.window), "maximum window; the effective one is uniform in 1..window")
      ("negative", bound(a.negative), "noise words per positive pair")
      ("ns-exponent", bound(a.ns_exponent), "noise distribution ∝ count^exponent")
      ("sample", bound(a.sample), "subsampling threshold for frequent words (0 = off)");
  vocabulary.add(desc, "ignore words seen fewer times");
  desc.add_options()
      ("epochs", bound(a.epochs), "passes over the corpus")
      ("lr", bound(a.alpha), "starting learning rate (-1 = 0.025 skipgram, 0.05 cbow; 0.05 with --subwords, as fastText)")
      ("max-sentence", bound(max_sentence), "split longer lines into pieces of this many words")
      ("subwords", bound(subwords),
       "character n-gram lengths MINN-MAXN (e.g. 3-6): fastText's subword vectors, for every word incl. unseen "
       "ones (0 = off)")
      ("buckets", bound(a.buckets), "with --subwords: hash buckets for the n-grams (fastText's -bucket)")
      ("save-model", po::value(&o.save_model),
       "with --subwords: also write the whole model (vocabulary, word and n-gram vectors) for vectors/knn "
       "--load-model")
      ("sync-words", bound(sync_words),
       "under mpirun: average the model across the ranks every this many words (all ranks together)")
      ("sync-rows", bound(sync_rows),
       "under mpirun: what each sync averages: all (every row) | touched (the frequent rows and the rare rows "
       "some rank changed since the last sync: the same model, fewer bytes on the network)");
  add_max_memory_option(desc, max_memory);
  desc.add_options()
      ("save-context", po::value(&o.save_context), "also write the output (context) vectors here")
      ("vocab-out", po::value(&o.vocab_out), "write the vocabulary (word<TAB>count, most frequent first)")
      ("checkpoint", po::value(&a.checkpoint), "checkpoint file (written every --checkpoint-every percent and on interrupt)")
      ("checkpoint-every", bound(a.checkpoint_every), "percent of the run between checkpoints (0 = only on interrupt)")
      ("resume", po::value(&a.resume),
       "continue from this checkpoint (its hyperparameters and thread count are used; --epochs, if given, sets "
       "the run's total)")
      ("progress-json", po::value(&a.progress_json), "append one JSON object per progress interval to this file")
      ("init", po::value(&a.init),
       "start from these word vectors (.vec/.bin/.npy, --dim dimensions): train further on new text; the "
       "vocabulary is the file's words")
      ("update-vocab", po::bool_switch(&a.update_vocab),
       "with --init: also add the corpus's new words (those reaching --min-count)");
  add_json_option(desc, o.json);
  add_common_options(desc, a);
  po::variables_map vm;
  if (!parse_args("word2vec", "--input CORPUS --output VECTORS [options]", desc, argv, vm)) {
    o.help = true;
    return o;
  }
  require_given(vm, "input");
  require_given(vm, "output");
  a.model = parse_word2vec_model(model);
  vocabulary.check();
  require_positive("max-sentence", max_sentence);
  a.max_sentence = static_cast<std::uint64_t>(max_sentence);
  require_positive("sync-words", sync_words);
  a.sync_words = static_cast<std::uint64_t>(sync_words);
  a.sync_rows = parse_sync_rows(sync_rows);
  a.max_memory = parse_memory_size(max_memory);
  parse_subwords(subwords, a.minn, a.maxn);
  if (!vm["buckets"].defaulted() && !a.subwords()) throw UsageError("--buckets needs --subwords");
  if (!o.save_model.empty() && !a.subwords()) throw UsageError("--save-model needs --subwords");
  if (!a.resume.empty() && (vm.count("model") && !vm["model"].defaulted()))
    std::cerr << "word2vec: note: --resume uses the checkpoint's hyperparameters\n";
  if (!a.resume.empty() && !vm["epochs"].defaulted()) a.resume_epochs = a.epochs;
  a.validate();
  vector_format_from_path(o.output);
  return o;
}

int run(const Options& o) {
  if (o.help) return 0;
  Word2Vec trainer(o.args);
  Embeddings words = trainer.train();
  const Word2VecArgs& a = trainer.args();
  // Context vectors first: moving them out of the trainer costs no copy.
  if (!o.save_context.empty()) write_vectors(trainer.context_vectors(), o.save_context);
  write_vectors(words, o.output);
  if (!o.save_model.empty()) trainer.subword_model().save(o.save_model);
  if (!o.vocab_out.empty()) trainer.vocabulary().save(o.vocab_out);
  if (!a.quiet) {
    const Word2VecStats& st = trainer.stats();
    std::cerr << "word2vec: " << word2vec_model_name(a.model) << ", " << words.rows() << " words x "
              << words.dim() << " dims, " << format_count(static_cast<double>(st.train_words))
              << " training words x " << a.epochs << " epochs in " << format_duration(st.seconds) << " ("
              << format_count(static_cast<double>(st.words_this_run) / std::max(st.seconds, 1e-9) /
                              resolve_threads(a.threads))  // --threads 0 = all cores
              << " words/s/thread), final loss " << st.final_loss << ", peak RSS "
              << format_bytes(static_cast<double>(peak_rss_bytes())) << "\n";
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      const Word2VecStats& st = trainer.stats();
      j.key("model").value(word2vec_model_name(a.model)).key("vocabulary").value(words.rows());
      j.key("dim").value(words.dim()).key("epochs").value(a.epochs);
      j.key("corpus_tokens").value(st.corpus_tokens).key("train_words").value(st.train_words);
      j.key("words_trained").value(st.words_this_run).key("training_seconds").value(st.seconds);
      j.key("final_loss").value(st.final_loss).key("output").value(o.output);
      if (a.subwords()) j.key("minn").value(a.minn).key("maxn").value(a.maxn).key("buckets").value(a.buckets);
      if (distributed::size() > 1) {
        j.key("ranks").value(distributed::size()).key("syncs").value(st.syncs).key("bytes_sent_per_rank").value(st.bytes_sent);
        j.key("sync_rows").value(sync_rows_name(a.sync_rows)).key("rows_averaged").value(st.rows_averaged);
        j.key("unions_by_ids").value(st.unions_by_ids);
      }
    });
  return 0;
}

EMBKIT_REGISTER_DISTRIBUTED_COMMAND("word2vec", "Train skip-gram or CBOW word vectors (negative sampling)",
                                    [](const Args& a) { return run(parse(a)); }, (FlagNames{{"alpha", "lr"}}));

}  // namespace embkit::cli::word2vec
