#include "flag_catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace embkit::cli {

CommandDoc describe_command(const CommandInfo& command) {
  CommandDoc doc;
  doc.name = command.name;
  doc.summary = command.summary;
  set_help_sink([&doc](const std::string& usage, const po::options_description& desc) {
    doc.usage = usage;
    for (const auto& option : desc.options()) {
      OptionDoc o;
      o.name = option->long_name();
      const std::string shown = option->canonical_display_name(po::command_line_style::allow_dash_for_short);
      if (shown.size() == 2 && shown[0] == '-') o.short_name = shown;
      o.takes_value = option->semantic()->max_tokens() > 0;
      // "arg (=10)": the default as --help shows it.
      const std::string parameter = option->format_parameter();
      const std::string open = "arg (=";
      if (parameter.compare(0, open.size(), open) == 0 && parameter.back() == ')')
        o.default_value = parameter.substr(open.size(), parameter.size() - open.size() - 1);
      o.help = option->description();
      doc.options.push_back(std::move(o));
    }
  });
  try {
    command.main({"--help"});
  } catch (...) {
    set_help_sink(nullptr);
    throw;
  }
  set_help_sink(nullptr);
  return doc;
}

std::vector<CommandDoc> describe_commands() {
  std::vector<CommandDoc> docs;
  for (const CommandInfo* c : CommandRegistry::instance().all()) docs.push_back(describe_command(*c));
  return docs;
}

const std::vector<FlagMeaning>& flag_glossary() {
  static const std::vector<FlagMeaning> glossary = {
      {"input", "the file the command reads (corpus, documents, ratings, matrix, table or vectors); - for stdin where noted"},
      {"output", "the file the command writes; its format follows the extension where several exist"},
      {"vectors", "a vector file to read (.vec, .bin, .npy, GloVe text)"},
      {"dim", "dimensions of the vectors the command produces (SVD rank, latent factors, components)"},
      {"groups", "word<TAB>group file: colours the words by group, with a legend"},
      {"k", "how many top results: neighbours per query, voting neighbours, items listed, ranking cutoff"},
      {"json", "print the result as one JSON object on stdout (progress stays on stderr)"},
      {"threads", "worker threads (0 = all cores)"},
      {"seed", "random seed"},
      {"quiet", "no progress on stderr"},
      {"min-count", "drop words seen fewer times in the corpus"},
      {"max-vocab", "keep only the N most frequent words (0 = all)"},
      {"window", "context words on each side"},
      {"negative", "noise words drawn per predicted word (negative sampling)"},
      {"ns-exponent", "noise distribution proportional to count^exponent"},
      {"sample", "subsampling threshold for frequent words (0 = off)"},
      {"mode", "which variant of the command: tokenize text8 | unicode; doc2vec dbow | dm"},
      {"weighting", "co-occurrence weight by distance d"},
      {"epochs", "passes over the training data"},
      {"lr", "learning rate"},
      {"checkpoint", "training state file, written during training"},
      {"checkpoint-every", "percent of the run between two --checkpoint writes (0 = only on interrupt)"},
      {"progress-json", "append one JSON object per progress interval (about a second) to this file"},
      {"resume", "continue training from a --checkpoint file"},
      {"max-memory", kMaxMemoryHelp},
      {"format", "the input's layout"},
      {"doc-words", "cut each document into pieces of N words (0 = whole)"},
      {"fold-in", "more documents weighted with the fitted model, appended as extra rows"},
      {"tokens", "tokenization: sklearn | unicode | whitespace"},
      {"preset", "TF-IDF weighting preset"},
      {"smart", "SMART weighting code"},
      {"sublinear-tf", "tf = 1 + ln(count)"},
      {"min-df", "drop terms in fewer documents (count, or proportion < 1)"},
      {"max-df", "drop terms in more documents (proportion <= 1, or count)"},
      {"max-features", "keep the N most frequent terms (0 = all)"},
      {"labels-out", "write each output row's label, one per line"},
      {"power-iters", "randomized SVD power iterations"},
      {"oversample", "randomized SVD extra random directions"},
      {"exact", "exact SVD instead of the randomized one"},
      {"solver", "randomized SVD solver: subspace | krylov"},
      {"sigma-power", "vectors scaled by Sigma^p"},
      {"metric", "similarity: cosine | dot | l2"},
      {"index", "nearest-neighbour search structure(s): exact, hnsw, ivf, lsh, kdtree"},
      {"M", "hnsw: links per node"},
      {"ef-construction", "hnsw: build beam width"},
      {"ef-search", "hnsw: search beam width"},
      {"nlist", "ivf: number of k-means cells"},
      {"nprobe", "ivf: cells probed per query"},
      {"lsh-tables", "lsh: hash tables"},
      {"lsh-bits", "lsh: bits per table"},
      {"lsh-probes", "lsh: extra buckets probed per table"},
      {"leaf-size", "kdtree: rows per leaf"},
      {"limit", "use only the first N vectors (0 = all)"},
      {"top", "use the N most frequent (first) rows of the vector file"},
      {"plot", "also draw the result as an SVG chart to this file"},
      {"restrict", "search only the N most frequent (first) rows (0 = all)"},
      {"case-sensitive", "match words exactly instead of case-insensitively"},
      {"method", "which variant of the command's computation (listed per command)"},
      {"test", "held-out test data, in the same format as the training data"},
      {"save-model", "also write the trained model, for later use with --load-model"},
      {"load-model", "a model file written by --save-model"},
      {"words", "which words the command shows or looks up (plot: a comma-separated list; vectors: a file of them)"},
  };
  return glossary;
}

const char* flag_meaning(const std::string& flag) {
  for (const FlagMeaning& m : flag_glossary())
    if (flag == m.flag) return m.meaning;
  return nullptr;
}

namespace {

// Markdown table cells: '|' would end the cell and '<TAB>' would read as HTML.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::string flag_text(const OptionDoc& o) {
  return "`--" + o.name + "`" + (o.short_name.empty() ? "" : ", `" + o.short_name + "`");
}

}  // namespace

std::string cli_reference_markdown() {
  const std::vector<CommandDoc> commands = describe_commands();
  std::map<std::string, std::vector<std::string>> users;  // flag → commands
  std::map<std::string, const OptionDoc*> first;
  for (const CommandDoc& c : commands)
    for (const OptionDoc& o : c.options) {
      users[o.name].push_back(c.name);
      first.emplace(o.name, &o);
    }
  std::ostringstream md;
  md << "# Command-line flags\n\n"
        "<!-- Generated by `embkit help --format markdown`; tests/docs/flags_test.cc fails when it differs. -->\n\n"
        "Every flag has one meaning across commands: a flag that several commands accept means the same\n"
        "thing in each (the meaning column), and a short letter always stands for the same long flag.\n"
        "`embkit <command> --help` and `embkit help <command>` show a command's flags with their defaults;\n"
        "`man embkit` has them all, and bash completes them (both generated from the same declarations).\n\n"
        "Every command takes `--json`: its result as one JSON document on stdout, valid UTF-8 whatever\n"
        "the labels (a byte that is not UTF-8 is written as `\\u00XX`, its Latin-1 reading). Commands\n"
        "whose result is a file (the trainers, `tokenize`, `vocab`, `tfidf`, `encode`, `convert`,\n"
        "`plot`, `explore`) print counts and timings, then `seconds` (wall time) and `peak_rss_bytes`.\n\n"
        "## Every flag\n\n"
        "| flag | commands | meaning |\n|---|---|---|\n";
  for (const auto& [name, list] : users) {
    std::string names;
    for (const std::string& c : list) names += (names.empty() ? "" : ", ") + c;
    const char* shared = flag_meaning(name);
    md << "| " << flag_text(*first[name]) << " | " << names << " | " << cell(shared ? shared : first[name]->help)
       << " |\n";
  }
  md << "\n## Renamed flags\n\n"
        "The old spellings still work in this release and print a one-line warning on stderr\n"
        "(`embkit word2vec: warning: --alpha is deprecated, use --lr`).\n\n"
        "| command | old | new |\n|---|---|---|\n";
  for (const DeprecatedFlag& d : deprecated_flags())
    md << "| " << d.command << " | `" << d.old_flag << "` | `" << d.new_flag << "` |\n";
  md << "\n## Flags of each command\n";
  for (const CommandDoc& c : commands) {
    md << "\n### embkit " << c.name << "\n\n" << cell(c.summary) << ".\n\n`embkit " << c.name << " " << c.usage
       << "`\n\n| flag | default | description |\n|---|---|---|\n";
    for (const OptionDoc& o : c.options)
      md << "| " << flag_text(o) << " | " << (o.default_value.empty() ? "" : "`" + o.default_value + "`") << " | "
         << cell(o.help) << " |\n";
  }
  return md.str();
}

std::string bash_completion() {
  const std::vector<CommandDoc> commands = describe_commands();
  std::ostringstream sh;
  std::string names;
  for (const CommandDoc& c : commands) names += (names.empty() ? "" : " ") + c.name;
  sh << "# bash completion for embkit; generated by `embkit help --format bash`.\n"
        "_embkit() {\n"
        "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "  local commands=\""
     << names
     << "\"\n"
        "  if [[ $COMP_CWORD -eq 1 ]]; then\n"
        "    COMPREPLY=($(compgen -W \"$commands help --help --version\" -- \"$cur\"))\n"
        "    return\n"
        "  fi\n"
        "  local flags valued\n"
        "  case \"${COMP_WORDS[1]}\" in\n"
        "    help) COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\")); return ;;\n";
  for (const CommandDoc& c : commands) {
    std::string flags = "--help -h", valued;
    for (const OptionDoc& o : c.options) {
      flags += " --" + o.name + (o.short_name.empty() ? "" : " " + o.short_name);
      if (o.takes_value) valued += " --" + o.name + (o.short_name.empty() ? "" : " " + o.short_name);
    }
    sh << "    " << c.name << ")\n      flags=\"" << flags << "\"\n      valued=\"" << valued << " \" ;;\n";
  }
  sh << "    *) return ;;\n"
        "  esac\n"
        "  # A flag's value: file names (and anything typed).\n"
        "  if [[ \"$prev\" == -* && \"$valued\" == *\" $prev \"* ]]; then\n"
        "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
        "    return\n"
        "  fi\n"
        "  COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n"
        "}\n"
        "complete -o default -F _embkit embkit\n";
  return sh.str();
}

namespace {

// roff text: a backslash is \e, a dash \-, and a line may not start with '.' or '\''.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

}  // namespace

std::string man_sections() {
  std::ostringstream man;
  man << "[COMMAND OPTIONS]\n";
  for (const CommandDoc& c : describe_commands()) {
    man << ".SS \"embkit " << c.name << "\"\n" << roff(c.summary) << ".\n.PP\n\\fBembkit " << c.name << "\\fR "
        << roff(c.usage) << "\n";
    for (const OptionDoc& o : c.options) {
      man << ".TP\n";
      if (!o.short_name.empty()) man << "\\fB" << roff(o.short_name) << "\\fR, ";
      man << "\\fB\\-\\-" << roff(o.name) << "\\fR";
      if (o.takes_value) man << " \\fIARG\\fR";
      man << "\n" << roff(o.help);
      if (!o.default_value.empty()) man << " (default: " << roff(o.default_value) << ")";
      man << "\n";
    }
  }
  man << "[RENAMED FLAGS]\nThe old spellings still work in this release, with a warning on stderr.\n";
  for (const DeprecatedFlag& d : deprecated_flags())
    man << ".br\n\\fBembkit " << d.command << "\\fR: " << roff(d.old_flag) << " is now " << roff(d.new_flag) << "\n";
  return man.str();
}

}  // namespace embkit::cli
