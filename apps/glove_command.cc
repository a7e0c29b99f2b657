#include "glove_command.h"

#include <cmath>
#include <iostream>

#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/progress.h"
#include "core/vectors_io.h"
#include "core/vocabulary.h"
#include "factorization/cooccurrence.h"
#include "factorization/glove.h"

namespace embkit::cli::glove {

Options parse(const Args& args) {
  Options o;
  GloveOptions& g = o.glove;
  CooccurrenceFlags counting(o.corpus, g.cooccurrence);
  po::options_description desc("Options");
  counting.add(desc, "co-occurrence weight by distance d: harmonic (1/d) | uniform | dynamic");
  desc.add_options()
      ("dim", bound(g.dim), "vector dimensions")
      ("epochs", bound(g.epochs), "passes over the co-occurrence cells (total, counting resumed ones)")
      ("x-max", bound(g.x_max), "weighting cutoff x_max in f(x) = min(1, (x/x_max)^alpha)")
      ("weight-exponent", bound(g.alpha), "weighting exponent alpha in f(x)")
      ("lr", bound(g.learning_rate), "AdaGrad learning rate eta of the vectors")
      ("bias-lr", bound(g.bias_learning_rate),
       "AdaGrad learning rate of the biases (1 as in the reference's current glove.c; 0.05, equal to --lr, as in its older releases)")
      ("combine", bound(o.vectors), "output vectors: sum (W + W~, the paper's choice) | word (W only)")
      ("checkpoint", po::value(&o.checkpoint), "write parameters and AdaGrad state here after every epoch")
      ("resume", po::value(&o.resume), "continue training from this checkpoint (same corpus, vocabulary and dim)");
  counting.add_max_memory(desc);
  add_threads_option(desc, g.threads, g.cooccurrence.threads);
  add_seed_option(desc, g.seed);
  add_quiet_option(desc, g.quiet, g.cooccurrence.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("glove", "--input CORPUS --output VECTORS [options]", desc, args, vm)) return {};
  counting.check();
  g.validate();
  require_one_of("combine", o.vectors, {"sum", "word"});
  counting.check_max_memory();
  return o;
}

namespace {

// A fresh model, or the --resume checkpoint after checking it matches.
GloveModel start_model(const Options& o, const Vocabulary& vocab, Progress& log) {
  const std::uint64_t fingerprint = vocabulary_fingerprint(vocab);
  if (o.resume.empty()) {
    require_memory(static_cast<std::uint64_t>(vocab.size()) * static_cast<std::uint64_t>(o.glove.dim + 1) * 16,
                   "GloVe parameters", o.glove.cooccurrence.max_memory);
    return init_glove(vocab.size(), o.glove, fingerprint);
  }
  GloveModel model = load_glove_checkpoint(o.resume);
  if (model.vocab_fingerprint != fingerprint || model.word.rows() != vocab.size())
    throw InputError(located(o.resume, 0, "checkpoint was made with another vocabulary (corpus, --min-count or --max-vocab differ)"));
  if (model.dim() != o.glove.dim)
    throw InputError(located(o.resume, 0, "checkpoint has dim " + std::to_string(model.dim()) + ", but --dim is " +
                                              std::to_string(o.glove.dim)));
  log.message("resuming after epoch " + std::to_string(model.epochs_done));
  return model;
}

}  // namespace

int run(const Options& o) {
  const std::string& input = o.corpus.input;
  require_rereadable_file(input, "glove reads the corpus twice (vocabulary, then co-occurrences)");
  if (!o.resume.empty()) require_readable_file(o.resume);
  Progress log("glove", o.glove.quiet);
  const Vocabulary vocab = corpus_vocabulary(input, o.corpus.vocabulary);
  log.message("vocabulary: " + std::to_string(vocab.size()) + " words, " + format_count(static_cast<double>(vocab.corpus_tokens)) + " tokens");
  warn_if_untokenized(vocab, input, o.corpus.vocabulary.min_count, "glove", o.glove.quiet);
  GloveModel model = start_model(o, vocab, log);

  Cooccurrence counts = count_cooccurrence(input, vocab, o.glove.cooccurrence);
  log.message("co-occurrence: " + format_count(static_cast<double>(counts.upper.size())) + " nonzero cells (upper triangle), " +
              format_bytes(static_cast<double>(counts.upper.size() * sizeof(CooccurrenceEntry))));

  double final_cost = NAN;
  train_glove(model, counts.upper, o.glove, [&](const GloveEpochReport& report) {
    final_cost = report.cost;
    if (!o.checkpoint.empty()) save_glove_checkpoint(model, o.checkpoint);
  });
  write_vectors(Embeddings(vocab.words(), glove_vectors(model, o.vectors == "sum")), o.corpus.output);
  log.message("wrote " + std::to_string(vocab.size()) + " x " + std::to_string(o.glove.dim) + " vectors to " +
              o.corpus.output + " (peak memory " + format_bytes(static_cast<double>(peak_rss_bytes())) + ")");
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("vocabulary").value(vocab.size()).key("corpus_tokens").value(vocab.corpus_tokens);
      j.key("cooccurrence_cells").value(static_cast<std::uint64_t>(counts.upper.size()));
      j.key("dim").value(o.glove.dim).key("epochs").value(model.epochs_done).key("final_cost").value(final_cost);
      j.key("output").value(o.corpus.output);
    });
  return 0;
}

// Under mpirun the ranks split the counting (factorization/cooccurrence.h);
// then every rank trains the same model and rank 0 writes it.
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("glove", "Train GloVe word vectors (co-occurrence counts + AdaGrad)", [](const Args& a) {
  Options o = parse(a);
  return o.corpus.input.empty() ? 0 : run(o);
}, FlagNames({{"learning_rate", "lr"}, {"bias_learning_rate", "bias-lr"}, {"alpha", "weight-exponent"}}));

}  // namespace embkit::cli::glove
