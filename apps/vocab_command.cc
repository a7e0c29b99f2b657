#include "vocab_command.h"

#include <iostream>

#include "core/corpus.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/vocabulary.h"

namespace embkit::cli::vocab {

Options parse(const Args& args) {
  Options o;
  VocabularyFlags vocabulary(o.vocabulary.min_count, o.vocabulary.max_vocab);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "tokenized corpus (whitespace-separated words, e.g. from embkit tokenize), or - for stdin")
      ("output,o", po::value(&o.output)->required(), "vocabulary file: word<TAB>count per line");
  vocabulary.add(desc, "drop words seen fewer times");
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("vocab", "--input CORPUS --output VOCAB.tsv [options]", desc, args, vm)) return {};
  vocabulary.check();
  return o;
}

int run(const Options& o) {
  CorpusStats stats;
  const Vocabulary vocab = corpus_vocabulary(o.input, o.vocabulary, &stats);
  vocab.save(o.output);
  if (!o.quiet) {
    std::cerr << "vocab: " << vocab.corpus_tokens << " tokens, " << vocab.distinct_words << " distinct, "
              << vocab.size() << " kept (min-count " << o.vocabulary.min_count << ")\n";
    if (vocab.pruned_below > 0)
      std::cerr << "vocab: the counting table was pruned; words with fewer than " << vocab.pruned_below
                << " occurrences may be undercounted\n";
  }
  warn_if_untokenized(vocab, o.input, o.vocabulary.min_count, "vocab", o.quiet);
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("corpus_tokens").value(vocab.corpus_tokens).key("distinct_words").value(vocab.distinct_words);
      j.key("vocabulary").value(vocab.size()).key("output").value(o.output);
    });
  return 0;
}

// Under mpirun each rank counts a byte range of the corpus (core/corpus_counts.h).
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("vocab", "Count a corpus's words into a vocabulary file", [](const Args& a) {
  Options o = parse(a);
  return o.input.empty() ? 0 : run(o);
}, {});

}  // namespace embkit::cli::vocab
