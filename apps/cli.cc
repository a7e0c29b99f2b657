#include "cli.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <sstream>
#include <utility>
#include <stdexcept>
#include <streambuf>

#include "core/atomic_file.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/signals.h"
#include "core/text.h"

namespace embkit::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

void CommandRegistry::add(CommandInfo info) { commands_.push_back(std::move(info)); }

const CommandInfo* CommandRegistry::find(const std::string& name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<const CommandInfo*> CommandRegistry::all() const {
  std::vector<const CommandInfo*> out;
  for (const auto& c : commands_) out.push_back(&c);
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a->name < b->name; });
  return out;
}

CommandRegistrar::CommandRegistrar(const char* name, const char* summary,
                                   std::function<int(const Args&)> main, FlagNames flags, Ranks ranks) {
  CommandRegistry::instance().add({name, summary, std::move(main), std::move(flags), ranks});
}

std::string default_text(double value) {
  // The fewest significant digits that read back as the same double, but at
  // least as many as the integer part has (10, not 1e+01).
  char text[32];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  const double magnitude = std::fabs(value);
  if (magnitude >= 1 && magnitude < 1e17) digits = std::max(digits, static_cast<int>(std::log10(magnitude)) + 1);
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

std::string flag_of(const FlagNames& flags, const std::string& parameter) {
  const auto it = flags.find(parameter);
  if (it != flags.end()) return "--" + it->second;
  std::string flag = parameter;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return "--" + flag;
}

VocabularyFlags::VocabularyFlags(std::uint64_t& min_count, std::uint64_t& max_vocab)
    : min_count_(min_count),
      max_vocab_(max_vocab),
      min_count_flag_(static_cast<std::int64_t>(min_count)),
      max_vocab_flag_(static_cast<std::int64_t>(max_vocab)) {}

void VocabularyFlags::add(po::options_description& desc, const char* min_count_help) {
  desc.add_options()
      ("min-count", bound(min_count_flag_), min_count_help)
      ("max-vocab", bound(max_vocab_flag_), "keep only the N most frequent words (0 = all)");
}

void VocabularyFlags::check() {
  require_positive("min-count", min_count_flag_);
  require_at_least("max-vocab", max_vocab_flag_, 0);
  min_count_ = static_cast<std::uint64_t>(min_count_flag_);
  max_vocab_ = static_cast<std::uint64_t>(max_vocab_flag_);
}

void add_vectors_option(po::options_description& desc, std::string& vectors) {
  desc.add_options()("vectors,v", po::value(&vectors)->required(), "vector file (.vec, .bin, .npy, GloVe text)");
}

void add_svd_solver_option(po::options_description& desc, std::string& solver) {
  desc.add_options()("solver", bound(solver),
                     "subspace (Halko et al. 2011: power iterations, last block only) | krylov (Musco & "
                     "Musco 2015: every block kept; more accurate per pass)");
}

const std::vector<DeprecatedFlag>& deprecated_flags() {
  // Each name has one meaning across commands (docs/cli.md, tests/docs/flags_test.cc).
  static const std::vector<DeprecatedFlag> table = {
      {"word2vec", "--alpha", "--lr"},
      {"glove", "--alpha", "--weight-exponent"},
      {"glove", "--vectors", "--combine"},
      {"mf", "--alpha", "--confidence"},
      {"mf", "--train", "--input"},
      {"mf", "--solver", "--als-solver"},
      {"compare", "--corpus", "--input"},
      {"compare", "--csv", "--output-csv"},
      {"similarity", "-d", "--dataset"},
      {"pca", "--components", "--dim"},
      {"pca", "-k", "--dim"},
      {"knn", "--positive", "--add"},
      {"knn", "--negative", "--subtract"},
  };
  return table;
}

namespace {

HelpSink& help_sink() {
  static HelpSink sink;
  return sink;
}

}  // namespace

void set_help_sink(HelpSink sink) { help_sink() = std::move(sink); }

Args rewrite_deprecated(const std::string& command, const po::options_description& desc, const Args& args) {
  Args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    const bool is_option = a.size() > 1 && a[0] == '-';
    if (is_option) {
      for (const DeprecatedFlag& d : deprecated_flags()) {
        if (command != d.command) continue;
        const std::string old_flag = d.old_flag;
        const bool is_long = old_flag.compare(0, 2, "--") == 0;
        std::string rest;  // an attached value: "--alpha=0.1", "-dFILE"
        if (a == old_flag) rest = "";
        else if (is_long && a.compare(0, old_flag.size() + 1, old_flag + "=") == 0) rest = a.substr(old_flag.size());
        else if (!is_long && a.compare(0, 2, old_flag) == 0 && a[1] != '-') rest = "=" + a.substr(2);
        else continue;
        std::cerr << "embkit " << command << ": warning: " << old_flag << " is deprecated, use " << d.new_flag << "\n";
        a = d.new_flag + rest;
        break;
      }
      // Skip the option's value, which may itself start with '-'.
      if (a.find('=') == std::string::npos) {
        const bool is_long = a[1] == '-';
        const std::string name = is_long ? a.substr(2) : a.substr(0, 2);
        const auto* option = (is_long || a.size() == 2) ? desc.find_nothrow(name, false) : nullptr;
        if (option && option->semantic()->max_tokens() > 0 && i + 1 < args.size()) {
          out.push_back(a);
          a = args[++i];
        }
      }
    }
    out.push_back(a);
  }
  return out;
}

namespace {

// The first argument that is neither an option nor an option's value.
std::string stray_argument(const po::options_description& desc, const Args& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      if (a.find('=') != std::string::npos) continue;
      // Long options are looked up by name, short ones as "-x" (Boost's convention).
      const bool is_long = a[1] == '-';
      const std::string name = is_long ? a.substr(2) : a.substr(0, 2);
      if (!is_long && a.size() > 2) continue;  // "-i5": value attached
      const auto* option = desc.find_nothrow(name, false);
      if (option && option->semantic()->max_tokens() > 0) ++i;  // skip its value
      continue;
    }
    return a;
  }
  return "";
}

// The options that name files a command writes, in every command: by the
// naming rule of docs/cli.md (--output, --output-*, --save-*, *-out,
// *-output) or by name. An option not matched here that names an existing
// file is one the command reads.
bool is_output_option(const std::string& option) {
  static const std::set<std::string> named = {"checkpoint", "csv", "plot", "html", "progress-json"};
  static const std::set<std::string> not_files = {"output-format", "output-dir"};
  auto ends_with = [&](const char* tail) {
    const std::string t = tail;
    return option.size() > t.size() && option.compare(option.size() - t.size(), t.size(), t) == 0;
  };
  if (not_files.count(option)) return false;
  return option == "output" || option.rfind("output-", 0) == 0 || option.rfind("save-", 0) == 0 ||
         ends_with("-out") || ends_with("-output") || named.count(option) > 0;
}
// Outputs that cannot be standard output, and why: companion files are named
// after them (X.terms.tsv), or they are appended to, not written once.
const std::map<std::pair<std::string, std::string>, std::string> kOutputsNeedingAName = {
    {{"tfidf", "output"}, "its companion files are named after it"},
    {{"word2vec", "progress-json"}, "it is a log appended to"}};
// An output that may be the same file as an input: a checkpoint resumed from
// and then written again.
const std::set<std::pair<std::string, std::string>> kUpdatedInPlace = {{"checkpoint", "resume"}};

std::vector<std::string> path_values(const po::variable_value& value) {
  if (const auto* one = boost::any_cast<std::string>(&value.value())) return {*one};
  if (const auto* many = boost::any_cast<std::vector<std::string>>(&value.value())) return *many;
  return {};
}

// std::cout's own buffer while it is redirected to stderr (see check_paths).
std::streambuf* g_cout_buffer = nullptr;

struct NamedFile {
  std::string option, path;
  struct stat st;
};

// Before any work: every output can be written, none is an input (by device
// and inode, so "a.txt" and "./a.txt" or a hard link are caught) or another
// output, and "-" is refused where companion files would be named after it.
void check_paths(const std::string& command, const po::variables_map& vm) {
  std::vector<NamedFile> inputs, outputs;
  bool output_to_stdout = false;
  for (const auto& [option, value] : vm) {
    const bool output = is_output_option(option);
    for (const std::string& path : path_values(value)) {
      if (path.empty()) continue;
      if (output) {
        const auto named = kOutputsNeedingAName.find({command, option});
        if (path == "-" && named != kOutputsNeedingAName.end())
          throw UsageError("--" + option + " cannot be '-' (standard output): " + named->second);
        // Rank 0 writes every output (core/distributed.h); on a cluster the
        // other ranks need not see its directory.
        if (distributed::is_root()) require_writable_output(path);
        output_to_stdout = output_to_stdout || is_standard_output(path);
      }
      NamedFile file{option, path, {}};
      if (path == "-" || stat(path.c_str(), &file.st) != 0) {
        if (output && path != "-") outputs.push_back({option, path, {}});
        continue;
      }
      (output ? outputs : inputs).push_back(file);
    }
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const NamedFile& out = outputs[i];
    for (std::size_t j = 0; j < i; ++j)
      if (outputs[j].path == out.path ||
          (out.st.st_ino != 0 && out.st.st_dev == outputs[j].st.st_dev && out.st.st_ino == outputs[j].st.st_ino))
        throw UsageError("--" + out.option + " and --" + outputs[j].option + " are the same file (" + out.path + ")");
    // Only a regular file is replaced; a device or FIFO is written through.
    if (out.st.st_ino == 0 || !S_ISREG(out.st.st_mode)) continue;
    for (const NamedFile& in : inputs)
      if (in.st.st_dev == out.st.st_dev && in.st.st_ino == out.st.st_ino && !kUpdatedInPlace.count({out.option, in.option}))
        throw UsageError("--" + out.option + " " + out.path + " is the same file as --" + in.option + " " + in.path +
                         "; writing it would destroy the input");
  }
  // Standard output carries the output file, nothing else: what the command
  // would print there (scores, tables) goes to stderr instead.
  if (output_to_stdout && !g_cout_buffer && distributed::is_root()) {
    std::cout.flush();
    g_cout_buffer = std::cout.rdbuf(std::cerr.rdbuf());
  }
}

}  // namespace

bool parse_args(const std::string& command, const std::string& usage, const po::options_description& desc,
                const Args& args, po::variables_map& vm, const po::positional_options_description* positional) {
  po::options_description all(desc);
  all.add_options()("help,h", "show this help");
  const Args rewritten = rewrite_deprecated(command, all, args);
  try {
    auto parser = po::command_line_parser(rewritten).options(all);
    if (positional) parser.positional(*positional);
    else parser.positional(po::positional_options_description());  // no stray arguments
    // Negative numbers such as "--window -1" must reach validation as values.
    parser.style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      if (help_sink()) {
        help_sink()(usage, desc);
        return false;
      }
      std::cout << "Usage: embkit " << command << " " << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
    check_paths(command, vm);
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("unexpected argument '" + stray_argument(all, rewritten) + "'");
  } catch (const po::error& e) {
    // Boost's messages name the option and value: "the argument ('abc') for
    // option '--dim' is invalid".
    throw UsageError(e.what());
  } catch (const boost::bad_lexical_cast& e) {
    throw UsageError(e.what());
  }
  return true;
}

void require_positive(const std::string& option, long long value) {
  if (value < 1)
    throw UsageError("--" + option + " must be at least 1, got " + std::to_string(value));
}

void require_at_least(const std::string& option, long long value, long long minimum) {
  if (value < minimum)
    throw UsageError("--" + option + " must be at least " + std::to_string(minimum) + ", got " +
                     std::to_string(value));
}

void require_range(const std::string& option, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream msg;
    msg << "--" << option << " must be between " << lo << " and " << hi << ", got " << value;
    throw UsageError(msg.str());
  }
}

void require_one_of(const std::string& option, const std::string& value, const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw UsageError("--" + option + " must be one of " + list + ", got '" + value + "'");
}

void require_given(const po::variables_map& vm, const std::string& option) {
  if (!vm.count(option) || vm[option].defaulted()) throw UsageError("--" + option + " is required");
}

namespace {

std::chrono::steady_clock::time_point& command_start() {
  static std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  return start;
}

// Prints the exception being handled as one line and returns its exit code.
// The line goes out in one write: under mpirun several ranks may fail at once
// and share one stderr.
int report(const std::string& prefix, const std::string& command, const ParameterNamer& as_flag) {
  std::string line;
  int code = 1;
  try {
    throw;
  } catch (const UsageError& e) {
    // One line: the problem, then where to look.
    line = prefix + ": " + escape_input(e.render(as_flag));
    if (!command.empty()) line += " (see 'embkit " + command + " --help')";
    code = 2;
  } catch (const InputError& e) {
    line = prefix + ": error: " + escape_input(e.render(as_flag));
  } catch (const Interrupted& e) {
    line = prefix + ": " + e.what();
    code = interrupt_exit_code();
  } catch (const std::bad_alloc&) {
    line = prefix + ": error: out of memory";
  } catch (const std::length_error&) {
    // A container asked for more than max_size(): what() names a library
    // internal (vector::_M_default_append), not the input or option at fault.
    line = prefix + ": error: out of memory (a size derived from the input or options is too large)";
  } catch (const std::exception& e) {
    line = prefix + ": error: " + escape_input(e.what());
  }
  std::cerr << line + "\n" << std::flush;
  return code;
}

}  // namespace

void add_json_option(po::options_description& desc, bool& json) {
  desc.add_options()("json", po::bool_switch(&json), "print a summary as one JSON object on stdout");
}

void print_json_summary(const std::function<void(JsonWriter&)>& fields) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - command_start();
  JsonWriter j(std::cout);
  j.begin_object();
  fields(j);
  j.key("seconds").value(elapsed.count());
  j.key("peak_rss_bytes").value(static_cast<std::uint64_t>(peak_rss_bytes()));
  j.end_object();
}

namespace {

// run_guarded on this rank alone: the exit code of its part of the job.
int run_guarded_here(const std::string& command, const std::function<int()>& body, const FlagNames& flags,
                     Ranks ranks) {
  command_start() = std::chrono::steady_clock::now();
  std::string prefix = command.empty() ? "embkit" : "embkit " + command;
  if (distributed::size() > 1) prefix += " (" + distributed::rank_label() + ")";
  const ParameterNamer as_flag = [flags](const std::string& parameter) { return flag_of(flags, parameter); };
  set_parameter_namer(as_flag);
  set_warning_prefix(prefix);
  set_interrupt_message(distributed::is_root() ? prefix + ": " + Interrupted().what() : "");
  try {
    // Every output of the command is renamed into place at the end, together,
    // or none is (see core/atomic_file.h).
    struct RestoreCout {
      ~RestoreCout() {
        if (g_cout_buffer) std::cout.rdbuf(std::exchange(g_cout_buffer, nullptr));
      }
    } restore_cout;
    // Rank 0 speaks for the job: the other ranks' notes and warnings (the
    // same as rank 0's) are dropped; their errors are still printed (report).
    struct QuietRank {
      struct Discard : std::streambuf {
        int_type overflow(int_type c) override { return traits_type::not_eof(c); }
      } discard;
      std::streambuf* saved = nullptr;
      ~QuietRank() {
        if (saved) std::cerr.rdbuf(saved);
      }
    } quiet_rank;
    if (!distributed::is_root()) quiet_rank.saved = std::cerr.rdbuf(&quiet_rank.discard);
    if (ranks == Ranks::one && distributed::size() > 1) {
      // Every rank refuses alike; rank 0 says so, and the barrier lets it
      // print before another rank's abort ends the job.
      if (!distributed::is_root()) {
        distributed::barrier();
        return 2;
      }
      try {
        throw UsageError("runs on one process only, not on " + std::to_string(distributed::size()) +
                         " MPI ranks: start it without mpirun (or with -np 1); docs/distributed.md lists the "
                         "commands that run on several");
      } catch (const UsageError&) {
        const int code = report(prefix, command, as_flag);
        distributed::barrier();
        return code;
      }
    }
    OutputTransaction outputs;
    const int code = body();
    outputs.commit();
    return code;
  } catch (const std::exception&) {
    if (!interrupted()) return report(prefix, command, as_flag);
    // Whatever a signal cut short (a read returning EINTR, a failed write) is
    // reported as the interruption it is; by rank 0 only, since when one rank
    // fails, mpirun ends the others with SIGTERM.
    if (distributed::is_root()) std::cerr << prefix + ": " + Interrupted().what() + "\n" << std::flush;
    return interrupt_exit_code();
  }
}

}  // namespace

int run_guarded(const std::string& command, const std::function<int()>& body, const FlagNames& flags,
                Ranks ranks) {
  try {
    distributed::init();  // nothing unless mpirun started this process
  } catch (const std::exception&) {
    return report(command.empty() ? "embkit" : "embkit " + command, command,
                  [&flags](const std::string& parameter) { return flag_of(flags, parameter); });
  }
  const int code = run_guarded_here(command, body, flags, ranks);
  // A rank that failed may leave the others waiting in a collective: end them all.
  if (code != 0 && distributed::size() > 1) distributed::abort(code);
  distributed::finalize();
  return code;
}

}  // namespace embkit::cli
