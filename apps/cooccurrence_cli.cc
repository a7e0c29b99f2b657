#include "cooccurrence_cli.h"

#include "core/memory.h"

namespace embkit::cli {

CooccurrenceFlags::CooccurrenceFlags(CorpusOptions& corpus, CooccurrenceOptions& counting)
    : corpus_(corpus),
      counting_(counting),
      vocabulary_(corpus.vocabulary.min_count, corpus.vocabulary.max_vocab),
      weighting_(window_weighting_name(counting.weighting)),
      max_memory_(std::to_string(counting.max_memory)) {}

void CooccurrenceFlags::add(po::options_description& desc, const std::string& weighting_help,
                            const std::string& output_help) {
  desc.add_options()
      ("input,i", po::value(&corpus_.input)->required(), "tokenized corpus (whitespace-separated words, e.g. from embkit tokenize; a newline ends a sentence)")
      ("output,o", po::value(&corpus_.output)->required(), output_help.c_str());
  vocabulary_.add(desc, "drop words seen fewer times");
  desc.add_options()
      ("window", bound(counting_.window), "context words on each side")
      ("weighting", bound(weighting_), weighting_help.c_str());
}

void CooccurrenceFlags::add_max_memory(po::options_description& desc) {
  add_max_memory_option(desc, max_memory_);
}

void CooccurrenceFlags::check() {
  vocabulary_.check();
  require_positive("window", counting_.window);
  counting_.weighting = parse_window_weighting(weighting_);
  counting_.validate();
}

void CooccurrenceFlags::check_max_memory() { counting_.max_memory = parse_memory_size(max_memory_); }

}  // namespace embkit::cli
