#include "cooccurrence_cli.h"

namespace embkit::cli {

void add_cooccurrence_options(po::options_description& desc, CooccurrenceCliOptions& o,
                              const std::string& weighting_help) {
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "corpus (whitespace-separated words; a newline ends a sentence)")
      ("output,o", po::value(&o.output)->required(), "output vectors (.vec, .bin or .npy)")
      ("min-count", po::value(&o.min_count)->default_value(o.min_count), "drop words seen fewer times")
      ("max-vocab", po::value(&o.max_vocab)->default_value(o.max_vocab), "keep only the N most frequent words (0 = all)")
      ("window", po::value(&o.window)->default_value(o.window), "context words on each side")
      ("weighting", po::value(&o.weighting)->default_value(o.weighting), weighting_help.c_str());
}

void check_cooccurrence_options(const CooccurrenceCliOptions& o) {
  require_positive("min-count", o.min_count);
  require_at_least("max-vocab", o.max_vocab, 0);
  require_positive("window", o.window);
  parse_window_weighting(o.weighting);
}

CooccurrenceOptions cooccurrence_options(const CooccurrenceCliOptions& o, int threads, bool quiet,
                                         std::uint64_t max_memory) {
  CooccurrenceOptions co;
  co.window = o.window;
  co.weighting = parse_window_weighting(o.weighting);
  co.threads = threads;
  co.quiet = quiet;
  co.max_memory = max_memory;
  return co;
}

}  // namespace embkit::cli
