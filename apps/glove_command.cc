#include "glove_command.h"

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
  CommonOptions common;
  po::options_description desc("Options");
  add_cooccurrence_options(desc, o, "co-occurrence weight by distance d: harmonic (1/d) | uniform | dynamic");
  desc.add_options()
      ("dim", po::value(&o.dim)->default_value(o.dim), "vector dimensions")
      ("epochs", po::value(&o.epochs)->default_value(o.epochs), "passes over the co-occurrence cells (total, counting resumed ones)")
      ("x-max", po::value(&o.x_max)->default_value(o.x_max), "weighting cutoff x_max in f(x) = min(1, (x/x_max)^alpha)")
      ("alpha", po::value(&o.alpha)->default_value(o.alpha), "weighting exponent alpha")
      ("lr", po::value(&o.lr)->default_value(o.lr), "AdaGrad learning rate eta of the vectors")
      ("bias-lr", po::value(&o.bias_lr)->default_value(o.bias_lr),
       "AdaGrad learning rate of the biases (1 as in the reference's current glove.c; 0.05, equal to --lr, as in its older releases)")
      ("vectors", po::value(&o.vectors)->default_value(o.vectors), "sum (W + W~, the paper's choice) | word (W only)")
      ("checkpoint", po::value(&o.checkpoint), "write parameters and AdaGrad state here after every epoch")
      ("resume", po::value(&o.resume), "continue training from this checkpoint (same corpus, vocabulary and dim)")
      ("max-memory", po::value(&o.max_memory)->default_value(o.max_memory), "refuse to start above this estimate, e.g. 2G (0 = available RAM)");
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("glove", "--input CORPUS --output VECTORS [options]", desc, args, vm)) return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  check_cooccurrence_options(o);
  require_positive("dim", o.dim);
  require_positive("epochs", o.epochs);
  require_range("x-max", o.x_max, 1e-9, 1e12);
  require_range("alpha", o.alpha, 0, 10);
  require_range("lr", o.lr, 1e-9, 10);
  require_range("bias-lr", o.bias_lr, 1e-9, 10);
  require_one_of("vectors", o.vectors, {"sum", "word"});
  parse_memory_size(o.max_memory);
  return o;
}

int run(const Options& o) {
  require_readable_file(o.input);
  if (!o.resume.empty()) require_readable_file(o.resume);
  Progress log("glove", o.quiet);
  const Vocabulary vocab = build_vocabulary(o.input, o.min_count, o.max_vocab);
  log.message("vocabulary: " + std::to_string(vocab.size()) + " words, " + format_count(static_cast<double>(vocab.corpus_tokens)) + " tokens");

  const std::uint64_t max_memory = parse_memory_size(o.max_memory);
  GloveOptions go;
  go.dim = o.dim;
  go.epochs = o.epochs;
  go.x_max = o.x_max;
  go.alpha = o.alpha;
  go.learning_rate = o.lr;
  go.bias_learning_rate = o.bias_lr;
  go.seed = o.seed;
  go.threads = o.threads;
  go.quiet = o.quiet;
  const std::uint64_t fingerprint = vocabulary_fingerprint(vocab);
  GloveModel model;
  if (!o.resume.empty()) {
    model = load_glove_checkpoint(o.resume);
    if (model.vocab_fingerprint != fingerprint || model.word.rows() != vocab.size())
      throw InputError(located(o.resume, 0, "checkpoint was made with another vocabulary (corpus, --min-count or --max-vocab differ)"));
    if (model.dim() != o.dim)
      throw InputError(located(o.resume, 0, "checkpoint has dim " + std::to_string(model.dim()) + ", but --dim is " + std::to_string(o.dim)));
    log.message("resuming after epoch " + std::to_string(model.epochs_done));
  } else {
    require_memory(static_cast<std::uint64_t>(vocab.size()) * static_cast<std::uint64_t>(o.dim + 1) * 16, "GloVe parameters", max_memory);
    model = init_glove(vocab.size(), go, fingerprint);
  }

  Cooccurrence counts = count_cooccurrence(o.input, vocab, cooccurrence_options(o, o.threads, o.quiet, max_memory));
  log.message("co-occurrence: " + format_count(static_cast<double>(counts.upper.size())) + " nonzero cells (upper triangle), " +
              format_bytes(static_cast<double>(counts.upper.size() * sizeof(CooccurrenceEntry))));

  train_glove(model, counts.upper, go, [&](const GloveEpochReport&) {
    if (!o.checkpoint.empty()) save_glove_checkpoint(model, o.checkpoint);
  });
  write_vectors(Embeddings(vocab.words(), glove_vectors(model, o.vectors == "sum")), o.output);
  log.message("wrote " + std::to_string(vocab.size()) + " x " + std::to_string(o.dim) + " vectors to " + o.output +
              " (peak memory " + format_bytes(static_cast<double>(peak_rss_bytes())) + ")");
  return 0;
}

EMBKIT_REGISTER_COMMAND("glove", "Train GloVe word vectors (co-occurrence counts + AdaGrad)", [](const Args& a) {
  Options o = parse(a);
  return o.input.empty() ? 0 : run(o);
}, {{"learning_rate", "lr"}});

}  // namespace embkit::cli::glove
