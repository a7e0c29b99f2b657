// The command-line layer shared by every `embkit <command>`.
//
// Each command lives in apps/<name>_command.{h,cc} and follows one shape
// (mlpack's bindings, fastText's Args): an Options struct, parse() that turns
// argv into Options and validates them in one place (throwing UsageError), and
// run(const Options&) that calls the library and returns an exit code. Tests call
// run() directly. A command makes itself known with EMBKIT_REGISTER_COMMAND in
// its .cc file; apps/main.cc dispatches by name.
//
// Exit codes: 0 success, 1 runtime or input error (InputError), 2 usage error.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace embkit {
class Vocabulary;
struct CorpusStats;
}  // namespace embkit

namespace embkit::cli {

namespace po = boost::program_options;

using Args = std::vector<std::string>;  // the arguments after the command name

// How a command's messages name the library parameters they refer to (see
// param() in core/error.h): "--" + the parameter with '_' turned into '-'
// (min_count → --min-count), unless the map names another flag
// (mf: learning_rate → lr).
using FlagNames = std::map<std::string, std::string>;
std::string flag_of(const FlagNames& flags, const std::string& parameter);

struct CommandInfo {
  std::string name;
  std::string summary;                       // one line for `embkit --help`
  std::function<int(const Args&)> main;      // parse + run; may throw
  FlagNames flags;                           // parameter → flag, where not the default
};

class CommandRegistry {
 public:
  static CommandRegistry& instance();
  void add(CommandInfo info);
  const CommandInfo* find(const std::string& name) const;
  // Sorted by name.
  std::vector<const CommandInfo*> all() const;

 private:
  std::vector<CommandInfo> commands_;
};

struct CommandRegistrar {
  CommandRegistrar(const char* name, const char* summary, std::function<int(const Args&)> main,
                   FlagNames flags = {});
};

#define EMBKIT_CLI_CONCAT2(a, b) a##b
#define EMBKIT_CLI_CONCAT(a, b) EMBKIT_CLI_CONCAT2(a, b)
// EMBKIT_REGISTER_COMMAND("word2vec", "Train word2vec ...", [](const Args& a) {...});
// An optional last argument is the command's FlagNames: {{"learning_rate", "lr"}}.
#define EMBKIT_REGISTER_COMMAND(name, summary, ...)                                      \
  static const ::embkit::cli::CommandRegistrar EMBKIT_CLI_CONCAT(embkit_registrar_,      \
                                                                 __LINE__)(name, summary, \
                                                                           __VA_ARGS__)

// Options that many commands share. Add only the ones that make sense.
struct CommonOptions {
  int threads = 0;           // 0 = all cores
  std::uint64_t seed = 1;
  bool quiet = false;
};
void add_threads_option(po::options_description& desc, CommonOptions& common);
void add_seed_option(po::options_description& desc, CommonOptions& common);
void add_quiet_option(po::options_description& desc, CommonOptions& common);
void add_common_options(po::options_description& desc, CommonOptions& common);  // all three
// --solver subspace|krylov of the commands that run a randomized SVD (svd, lsa, ppmi).
void add_svd_solver_option(po::options_description& desc, std::string& solver);

// The vocabulary of the corpus `input` under --min-count / --max-vocab (vocab,
// glove, ppmi). Throws InputError naming the file when the corpus has no words
// or no word reaches min_count. `stats`, if given, receives the corpus counts.
Vocabulary build_vocabulary(const std::string& input, std::int64_t min_count, std::int64_t max_vocab,
                            CorpusStats* stats = nullptr);

// Parses `args` against `desc` (plus --help). Returns false if --help was given
// (after printing usage and options to stdout); the caller then returns 0.
// Unknown options, missing values and malformed values throw UsageError with
// one clear line. `positional` optionally maps positional arguments to an option.
bool parse_args(const std::string& command, const std::string& usage,
                const po::options_description& desc, const Args& args,
                po::variables_map& vm, const po::positional_options_description* positional = nullptr);

// Validation helpers: throw UsageError("--dim must be at least 1, got 0").
void require_positive(const std::string& option, long long value);
void require_at_least(const std::string& option, long long value, long long minimum);
void require_range(const std::string& option, double value, double lo, double hi);
void require_one_of(const std::string& option, const std::string& value,
                    const std::vector<std::string>& allowed);
void require_given(const po::variables_map& vm, const std::string& option);

// Runs a command's main with the standard error handling: prints
// "embkit <command>: error: <message>" on stderr, with parameter references
// named as `flags` says (also in the progress messages of the body), and
// returns 1 or 2.
int run_guarded(const std::string& command, const std::function<int()>& body, const FlagNames& flags = {});

}  // namespace embkit::cli
