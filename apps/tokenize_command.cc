#include "tokenize_command.h"

#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/progress.h"
#include "core/signals.h"
#include "core/tokenizer.h"

namespace embkit::cli::tokenize {

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "raw text file, or - for stdin")
      ("output,o", po::value(&o.output)->required(), "output corpus file")
      ("mode", po::value(&o.mode)->default_value(o.mode), "text8 | unicode")
      ("punct", po::value(&o.punct)->default_value(o.punct), "unicode mode: keep | drop punctuation tokens")
      ("utf8", po::value(&o.utf8)->default_value(o.utf8), "unicode mode: invalid UTF-8 policy strict | replace | skip")
      ("max-bytes", po::value(&o.max_bytes)->default_value(0),
       "text8 mode: stop after this many output bytes, dropping the trailing partial word (0 = all)");
  add_quiet_option(desc, common);
  po::variables_map vm;
  if (!parse_args("tokenize", "--input RAW --output OUT [options]", desc, args, vm)) return {};
  o.quiet = common.quiet;
  require_at_least("max-bytes", o.max_bytes, 0);
  require_one_of("mode", o.mode, {"text8", "unicode"});
  require_one_of("punct", o.punct, {"keep", "drop"});
  require_one_of("utf8", o.utf8, {"strict", "replace", "skip"});
  if (o.mode == "text8" && (!vm["punct"].defaulted() || !vm["utf8"].defaulted()))
    throw UsageError("--punct and --utf8 apply to --mode unicode only");
  return o;
}

int run(const Options& o) {
  LineReader reader(o.input);
  AtomicFile out(o.output);
  Progress progress("tokenize", o.quiet);
  const std::int64_t size = file_size(o.input);
  std::string line;
  std::uint64_t words = 0, invalid = 0;
  if (o.mode == "text8") {
    Text8Normalizer normalizer([&](std::string_view bytes) { out.stream().write(bytes.data(), bytes.size()); },
                               static_cast<std::uint64_t>(o.max_bytes));
    while (!normalizer.full() && reader.next(line)) {
      normalizer.feed_line(line);
      if ((reader.line_number() & 1023) == 0) {
        check_interrupted();
        if (size > 0) progress.update(static_cast<double>(reader.bytes_read()) / size, {{"words", format_count(normalizer.words())}});
      }
    }
    normalizer.finish();
    words = normalizer.words();
  } else {
    UnicodeTokenizerOptions options;
    options.keep_punct = o.punct == "keep";
    options.utf8 = parse_utf8_policy(o.utf8);
    UnicodeTokenizer tokenizer(options);
    std::vector<std::string> tokens;
    std::string buffer;
    while (reader.next(line)) {
      if (line.compare(0, 4, "<doc") == 0 || line.compare(0, 5, "</doc") == 0) continue;
      tokens.clear();
      tokenizer.tokenize(line, tokens, o.input, reader.line_number());
      if (tokens.empty()) continue;
      buffer.clear();
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i) buffer += ' ';
        buffer += tokens[i];
      }
      buffer += '\n';
      out.stream().write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      words += tokens.size();
      if ((reader.line_number() & 1023) == 0) {
        check_interrupted();
        if (size > 0) progress.update(static_cast<double>(reader.bytes_read()) / size, {{"words", format_count(words)}});
      }
    }
    invalid = tokenizer.invalid_sequences();
  }
  out.commit();
  progress.finish({{"words", format_count(words)}});
  if (invalid > 0 && !o.quiet)
    std::cerr << "tokenize: " << invalid << " invalid UTF-8 sequence(s) "
              << (o.utf8 == "skip" ? "skipped" : "replaced with U+FFFD") << "\n";
  return 0;
}

EMBKIT_REGISTER_COMMAND("tokenize", "Normalize raw text into a corpus (text8 or Unicode words)",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::tokenize
