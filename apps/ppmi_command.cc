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
  CommonOptions common;
  po::options_description desc("Options");
  add_cooccurrence_options(desc, o,
                           "co-occurrence weight by distance d: dynamic ((window-d+1)/window, word2vec) | harmonic (1/d) | uniform");
  desc.add_options()
      ("dim", po::value(&o.dim)->default_value(o.dim), "vector dimensions (SVD rank)")
      ("cds", po::value(&o.cds)->default_value(o.cds), "context distribution smoothing exponent (1 = off)")
      ("shift", po::value(&o.shift)->default_value(o.shift), "SPPMI shift k: keep max(PMI - log k, 0) (1 = plain PPMI)")
      ("sigma-power", po::value(&o.sigma_power)->default_value(o.sigma_power), "word vectors U * Sigma^p")
      ("add-context", po::bool_switch(&o.add_context), "output W + C = (U + V) * Sigma^p")
      ("oversample", po::value(&o.oversample)->default_value(o.oversample), "randomized SVD oversampling")
      ("power-iters", po::value(&o.power_iters)->default_value(o.power_iters), "randomized SVD power iterations")
      ("max-memory", po::value(&o.max_memory)->default_value(o.max_memory), "refuse to start above this estimate, e.g. 2G (0 = available RAM)");
  add_svd_solver_option(desc, o.solver);
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("ppmi", "--input CORPUS --output VECTORS [options]", desc, args, vm)) return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  check_cooccurrence_options(o);
  require_positive("dim", o.dim);
  require_range("cds", o.cds, 1e-6, 1);
  require_range("shift", o.shift, 1, 1e9);
  require_range("sigma-power", o.sigma_power, 0, 1);
  require_at_least("oversample", o.oversample, 0);
  require_at_least("power-iters", o.power_iters, 0);
  parse_svd_solver(o.solver);
  parse_memory_size(o.max_memory);
  return o;
}

int run(const Options& o) {
  require_readable_file(o.input);
  Progress log("ppmi", o.quiet);
  const Vocabulary vocab = build_vocabulary(o.input, o.min_count, o.max_vocab);
  if (vocab.size() < o.dim)
    throw InputError(located(o.input, 0, "the vocabulary has " + std::to_string(vocab.size()) +
                                             " words, fewer than --dim " + std::to_string(o.dim) + "; lower --dim"));
  log.message("vocabulary: " + std::to_string(vocab.size()) + " words");
  const std::uint64_t max_memory = parse_memory_size(o.max_memory);

  SparseMatrix pmi;
  {
    const Cooccurrence counts = count_cooccurrence(o.input, vocab, cooccurrence_options(o, o.threads, o.quiet, max_memory));
    require_memory(counts.upper.size() * 2 * 12, "PPMI matrix", max_memory);
    PpmiOptions po;
    po.cds_alpha = o.cds;
    po.shift = o.shift;
    pmi = ppmi_matrix(counts, po);
  }
  log.message("PPMI: " + format_count(static_cast<double>(pmi.nonZeros())) + " positive cells");
  if (pmi.nonZeros() == 0) throw InputError(located(o.input, 0, "the PPMI matrix has no positive cell; lower --shift or use a larger corpus"));

  SvdOptions so;
  so.rank = o.dim;
  so.oversample = o.oversample;
  so.power_iters = o.power_iters;
  so.solver = parse_svd_solver(o.solver);
  so.seed = o.seed;
  so.threads = o.threads;
  require_memory(static_cast<std::uint64_t>(vocab.size()) * static_cast<std::uint64_t>(o.dim + o.oversample) * 8 * 4,
                 "randomized SVD", max_memory);
  const SvdResult svd = randomized_svd(pmi, so);
  log.message("SVD: rank " + std::to_string(svd.S.size()) + " in " + format_duration(svd.seconds));
  PpmiSvdOptions vo2;
  vo2.sigma_power = o.sigma_power;
  vo2.add_context = o.add_context;
  write_vectors(Embeddings(vocab.words(), ppmi_svd_vectors(svd, vo2)), o.output);
  log.message("wrote " + std::to_string(vocab.size()) + " x " + std::to_string(svd.S.size()) + " vectors to " + o.output +
              " (peak memory " + format_bytes(static_cast<double>(peak_rss_bytes())) + ")");
  return 0;
}

EMBKIT_REGISTER_COMMAND("ppmi", "Train PPMI-SVD word vectors (Levy, Goldberg & Dagan 2015)", [](const Args& a) {
  Options o = parse(a);
  return o.input.empty() ? 0 : run(o);
});

}  // namespace embkit::cli::ppmi
