#include "ppmi_command.h"

#include <iostream>

#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/progress.h"
#include "core/vectors_io.h"
#include "core/vocabulary.h"
#include "factorization/cooccurrence.h"
#include "factorization/ppmi.h"
#include "factorization/randomized_svd.h"

namespace embkit::cli::ppmi {

Options parse(const Args& args) {
  Options o;
  CooccurrenceFlags counting(o.corpus, o.ppmi.cooccurrence);
  SvdOptions& svd = o.vectors.svd;
  std::string solver = svd_solver_name(svd.solver);
  po::options_description desc("Options");
  counting.add(desc, "co-occurrence weight by distance d: dynamic ((window-d+1)/window, word2vec) | harmonic (1/d) | uniform");
  desc.add_options()
      ("dim", bound(o.vectors.dim), "vector dimensions (SVD rank)")
      ("cds", bound(o.ppmi.cds_alpha), "context distribution smoothing exponent (1 = off)")
      ("shift", bound(o.ppmi.shift), "SPPMI shift k: keep max(PMI - log k, 0) (1 = plain PPMI)")
      ("sigma-power", bound(o.vectors.sigma_power), "word vectors U * Sigma^p")
      ("add-context", po::bool_switch(&o.vectors.add_context), "output W + C = (U + V) * Sigma^p")
      ("oversample", bound(svd.oversample), "randomized SVD oversampling")
      ("power-iters", bound(svd.power_iters), "randomized SVD power iterations");
  counting.add_max_memory(desc);
  add_svd_solver_option(desc, solver);
  add_threads_option(desc, svd.threads, o.ppmi.cooccurrence.threads);
  add_seed_option(desc, svd.seed);
  add_quiet_option(desc, o.ppmi.cooccurrence.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("ppmi", "--input CORPUS --output VECTORS [options]", desc, args, vm)) return {};
  counting.check();
  o.ppmi.validate();
  o.vectors.validate();
  svd.solver = parse_svd_solver(solver);
  counting.check_max_memory();
  svd.rank = o.vectors.dim;
  return o;
}

namespace {

SparseMatrix count_ppmi(const Options& o, const Vocabulary& vocab) {
  const Cooccurrence counts = count_cooccurrence(o.corpus.input, vocab, o.ppmi.cooccurrence);
  require_memory(counts.upper.size() * 2 * 12, "PPMI matrix", o.ppmi.cooccurrence.max_memory);
  return ppmi_matrix(counts, o.ppmi);
}

}  // namespace

int run(const Options& o) {
  const std::string& input = o.corpus.input;
  const std::uint64_t max_memory = o.ppmi.cooccurrence.max_memory;
  require_rereadable_file(input, "ppmi reads the corpus twice (vocabulary, then co-occurrences)");
  Progress log("ppmi", o.ppmi.cooccurrence.quiet);
  const Vocabulary vocab = corpus_vocabulary(input, o.corpus.vocabulary);
  if (vocab.size() < o.vectors.dim)
    throw InputError(located(input, 0, "the vocabulary has " + std::to_string(vocab.size()) +
                                           " words, fewer than --dim " + std::to_string(o.vectors.dim) + "; lower --dim"));
  log.message("vocabulary: " + std::to_string(vocab.size()) + " words");
  warn_if_untokenized(vocab, input, o.corpus.vocabulary.min_count, "ppmi", o.ppmi.cooccurrence.quiet);
  const SparseMatrix pmi = count_ppmi(o, vocab);
  log.message("PPMI: " + format_count(static_cast<double>(pmi.nonZeros())) + " positive cells");
  if (pmi.nonZeros() == 0) throw InputError(located(input, 0, "the PPMI matrix has no positive cell; lower --shift or use a larger corpus"));

  require_memory(static_cast<std::uint64_t>(vocab.size()) *
                     static_cast<std::uint64_t>(o.vectors.dim + o.vectors.svd.oversample) * 8 * 4,
                 "randomized SVD", max_memory);
  SvdOptions solo = o.vectors.svd;
  solo.split_ranks = false;  // every MPI rank factorizes alone: one process's vectors, bit for bit
  const SvdResult svd = randomized_svd(pmi, solo);
  log.message("SVD: rank " + std::to_string(svd.S.size()) + " in " + format_duration(svd.seconds));
  write_vectors(Embeddings(vocab.words(), ppmi_svd_vectors(svd, o.vectors)), o.corpus.output);
  log.message("wrote " + std::to_string(vocab.size()) + " x " + std::to_string(svd.S.size()) + " vectors to " +
              o.corpus.output + " (peak memory " + format_bytes(static_cast<double>(peak_rss_bytes())) + ")");
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("vocabulary").value(vocab.size()).key("ppmi_cells").value(static_cast<std::int64_t>(pmi.nonZeros()));
      j.key("dim").value(static_cast<std::int64_t>(svd.S.size())).key("svd_seconds").value(svd.seconds);
      j.key("output").value(o.corpus.output);
    });
  return 0;
}

// Under mpirun the ranks split the counting (factorization/cooccurrence.h);
// then every rank factorizes the same matrix alone and rank 0 writes it.
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("ppmi", "Train PPMI-SVD word vectors (Levy, Goldberg & Dagan 2015)", [](const Args& a) {
  Options o = parse(a);
  return o.corpus.input.empty() ? 0 : run(o);
}, FlagNames({{"cds_alpha", "cds"}, {"rank", "dim"}}));

}  // namespace embkit::cli::ppmi
