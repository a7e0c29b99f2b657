#include "vocab_command.h"

#include <iostream>

#include "core/corpus.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/vocabulary.h"

namespace embkit::cli::vocab {

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "corpus (whitespace-separated words), or - for stdin")
      ("output,o", po::value(&o.output)->required(), "vocabulary file: word<TAB>count per line")
      ("min-count", po::value(&o.min_count)->default_value(o.min_count), "drop words seen fewer times")
      ("max-vocab", po::value(&o.max_vocab)->default_value(o.max_vocab), "keep only the N most frequent words (0 = all)");
  add_quiet_option(desc, common);
  po::variables_map vm;
  if (!parse_args("vocab", "--input CORPUS --output VOCAB.tsv [options]", desc, args, vm)) return {};
  o.quiet = common.quiet;
  require_positive("min-count", o.min_count);
  require_at_least("max-vocab", o.max_vocab, 0);
  return o;
}

int run(const Options& o) {
  CorpusStats stats;
  const Vocabulary vocab = build_vocabulary(o.input, o.min_count, o.max_vocab, &stats);
  vocab.save(o.output);
  if (!o.quiet) {
    std::cerr << "vocab: " << vocab.corpus_tokens << " tokens, " << vocab.distinct_words << " distinct, "
              << vocab.size() << " kept (min-count " << o.min_count << ")\n";
    if (vocab.pruned_below > 0)
      std::cerr << "vocab: the counting table was pruned; words with fewer than " << vocab.pruned_below
                << " occurrences may be undercounted\n";
    if (stats.split_tokens > 0)
      std::cerr << "vocab: " << stats.split_tokens << " token(s) longer than 65536 bytes were split\n";
  }
  return 0;
}

EMBKIT_REGISTER_COMMAND("vocab", "Count a corpus's words into a vocabulary file", [](const Args& a) {
  Options o = parse(a);
  return o.input.empty() ? 0 : run(o);
});

}  // namespace embkit::cli::vocab
