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
  std::string punct = o.unicode.keep_punct ? "keep" : "drop", utf8 = utf8_policy_name(o.unicode.utf8);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "raw text file, or - for stdin")
      ("output,o", po::value(&o.output)->required(), "output corpus file")
      ("mode", bound(o.mode), "text8 | unicode")
      ("punct", bound(punct), "unicode mode: keep | drop punctuation tokens")
      ("utf8", bound(utf8), "unicode mode: invalid UTF-8 policy strict | replace | skip")
      ("max-bytes", bound(o.max_bytes),
       "text8 mode: stop after this many output bytes, dropping the trailing partial word (0 = all)");
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("tokenize", "--input RAW --output OUT [options]", desc, args, vm)) return {};
  require_at_least("max-bytes", o.max_bytes, 0);
  require_one_of("mode", o.mode, {"text8", "unicode"});
  require_one_of("punct", punct, {"keep", "drop"});
  require_one_of("utf8", utf8, {"strict", "replace", "skip"});
  if (o.mode == "text8" && (!vm["punct"].defaulted() || !vm["utf8"].defaulted()))
    throw UsageError("--punct and --utf8 apply to --mode unicode only");
  o.unicode.keep_punct = punct == "keep";
  o.unicode.utf8 = parse_utf8_policy(utf8);
  return o;
}

namespace {

// One pass over the input, line by line, reporting progress every 1024 lines.
class Pass {
 public:
  explicit Pass(const Options& o) : reader_(o.input), progress_("tokenize", o.quiet), size_(file_size(o.input)) {}
  bool next(std::string& line) { return reader_.next(line); }
  std::uint64_t line_number() const { return reader_.line_number(); }
  void tick(std::uint64_t words) {
    if ((reader_.line_number() & 1023) != 0) return;
    check_interrupted();
    if (size_ > 0)
      progress_.update(static_cast<double>(reader_.bytes_read()) / size_, {{"words", format_count(words)}});
  }
  void finish(std::uint64_t words) { progress_.finish({{"words", format_count(words)}}); }

 private:
  LineReader reader_;
  Progress progress_;
  std::int64_t size_;
};

std::uint64_t normalize_text8(const Options& o, Pass& pass, AtomicFile& out) {
  Text8Normalizer normalizer([&](std::string_view bytes) { out.stream().write(bytes.data(), bytes.size()); },
                             static_cast<std::uint64_t>(o.max_bytes));
  std::string line;
  while (!normalizer.full() && pass.next(line)) {
    normalizer.feed_line(line);
    pass.tick(normalizer.words());
  }
  normalizer.finish();
  return normalizer.words();
}

// Returns the words written; `invalid` receives the invalid UTF-8 sequences met.
std::uint64_t tokenize_unicode(const Options& o, Pass& pass, AtomicFile& out, std::uint64_t& invalid) {
  UnicodeTokenizer tokenizer(o.unicode);
  std::vector<std::string> tokens;
  std::string line, buffer;
  std::uint64_t words = 0;
  while (pass.next(line)) {
    if (line.compare(0, 4, "<doc") == 0 || line.compare(0, 5, "</doc") == 0) continue;
    tokens.clear();
    tokenizer.tokenize(line, tokens, o.input, pass.line_number());
    if (tokens.empty()) continue;
    buffer.clear();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i) buffer += ' ';
      buffer += tokens[i];
    }
    buffer += '\n';
    out.stream().write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    words += tokens.size();
    pass.tick(words);
  }
  invalid = tokenizer.invalid_sequences();
  return words;
}

}  // namespace

int run(const Options& o) {
  Pass pass(o);
  AtomicFile out(o.output);
  std::uint64_t invalid = 0;
  const std::uint64_t words = o.mode == "text8" ? normalize_text8(o, pass, out) : tokenize_unicode(o, pass, out, invalid);
  out.commit();
  pass.finish(words);
  if (invalid > 0 && !o.quiet)
    std::cerr << "tokenize: " << invalid << " invalid UTF-8 sequence(s) "
              << (o.unicode.utf8 == Utf8Policy::Skip ? "skipped" : "replaced with U+FFFD") << "\n";
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("mode").value(o.mode).key("words").value(words).key("invalid_utf8_sequences").value(invalid);
      j.key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("tokenize", "Normalize raw text into a corpus (text8 or Unicode words)",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::tokenize
