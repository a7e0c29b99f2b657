// The command-line layer shared by every `embkit <command>`.
//
// Each command lives in apps/<name>_command.{h,cc} and follows one shape
// (mlpack's bindings, fastText's Args): an Options struct, parse() that turns
// argv into Options and validates them in one place (throwing UsageError), and
// run(const Options&) that calls the library and returns an exit code. Tests call
// run() directly. A command makes itself known with EMBKIT_REGISTER_COMMAND in
// its .cc file; apps/main.cc dispatches by name.
//
// One source of truth: Options embeds the library's options struct, and each
// option is declared with bound(field), so the default --help shows is the
// library's. The library's errors name its parameters (param() in
// core/error.h); run_guarded shows them as the command's flags.
//
// Exit codes: 0 success, 1 runtime or input error (InputError), 2 usage error,
// 128 + signal when interrupted (130 SIGINT, 143 SIGTERM).
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "core/json.h"

namespace embkit::cli {

namespace po = boost::program_options;

using Args = std::vector<std::string>;  // the arguments after the command name

// How a command's messages name the library parameters they refer to (see
// param() in core/error.h): "--" + the parameter with '_' turned into '-'
// (min_count → --min-count), unless the map names another flag
// (mf: learning_rate → lr).
using FlagNames = std::map<std::string, std::string>;
std::string flag_of(const FlagNames& flags, const std::string& parameter);

// Whether a command runs under `mpirun -np N` with N > 1 (docs/distributed.md):
// one that does splits its work across the ranks (core/distributed.h); every
// other command refuses to start with more than one rank.
enum class Ranks { one, many };

struct CommandInfo {
  std::string name;
  std::string summary;                       // one line for `embkit --help`
  std::function<int(const Args&)> main;      // parse + run; may throw
  FlagNames flags;                           // parameter → flag, where not the default
  Ranks ranks = Ranks::one;
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
                   FlagNames flags = {}, Ranks ranks = Ranks::one);
};

#define EMBKIT_CLI_CONCAT2(a, b) a##b
#define EMBKIT_CLI_CONCAT(a, b) EMBKIT_CLI_CONCAT2(a, b)
// EMBKIT_REGISTER_COMMAND("word2vec", "Train word2vec ...", [](const Args& a) {...});
// An optional last argument is the command's FlagNames: {{"learning_rate", "lr"}}.
#define EMBKIT_REGISTER_COMMAND(name, summary, ...)                                      \
  static const ::embkit::cli::CommandRegistrar EMBKIT_CLI_CONCAT(embkit_registrar_,      \
                                                                 __LINE__)(name, summary, \
                                                                           __VA_ARGS__)
// The same for a command that runs on several MPI ranks (Ranks::many):
// EMBKIT_REGISTER_DISTRIBUTED_COMMAND("knn", "...", main, {}).
#define EMBKIT_REGISTER_DISTRIBUTED_COMMAND(name, summary, main, flags)                   \
  static const ::embkit::cli::CommandRegistrar EMBKIT_CLI_CONCAT(embkit_registrar_,      \
                                                                 __LINE__)(               \
      name, summary, main, flags, ::embkit::cli::Ranks::many)

// po::value bound to `field`, whose current value is the default --help shows:
// each default is written once, in the library's options struct, and the
// command's declaration reads it from there. Values parsed for the option are
// also copied to `also...`, when one flag sets the same field of several
// library structs (their defaults then follow `field`'s).
template <class T, class... Also>
po::typed_value<T>* bound(T& field, Also&... also);
// Doubles show their shortest exact form: 0.97, not 0.96999999999999997.
std::string default_text(double value);

// --threads, --seed and --quiet bound to the fields of those names in one or
// more library options structs.
template <class... Also>
void add_threads_option(po::options_description& desc, int& threads, Also&... also) {
  desc.add_options()("threads", bound(threads, also...), "worker threads (0 = all cores)");
}
template <class... Also>
void add_seed_option(po::options_description& desc, std::uint64_t& seed, Also&... also) {
  desc.add_options()("seed", bound(seed, also...),
                     "random seed (with --threads 1 the same seed gives identical output)");
}
template <class... Also>
void add_quiet_option(po::options_description& desc, bool& quiet, Also&... also) {
  po::typed_value<bool>* value = po::bool_switch(&quiet);
  if constexpr (sizeof...(Also) > 0) value->notifier([&also...](bool parsed) { ((also = parsed), ...); });
  desc.add_options()("quiet,q", value, "no progress on stderr");
}
template <class Options, class... More>
void add_common_options(po::options_description& desc, Options& options, More&... more) {
  add_threads_option(desc, options.threads, more.threads...);
  add_seed_option(desc, options.seed, more.seed...);
  add_quiet_option(desc, options.quiet, more.quiet...);
}

// --min-count and --max-vocab, read signed (so that "-1" is reported instead
// of wrapping around) and stored into the library's unsigned fields by check().
class VocabularyFlags {
 public:
  VocabularyFlags(std::uint64_t& min_count, std::uint64_t& max_vocab);
  void add(po::options_description& desc, const char* min_count_help);
  void check();  // UsageError unless --min-count ≥ 1 and --max-vocab ≥ 0

 private:
  std::uint64_t& min_count_;
  std::uint64_t& max_vocab_;
  std::int64_t min_count_flag_, max_vocab_flag_;
};

// --vectors/-v, the vector file an evaluation command reads.
void add_vectors_option(po::options_description& desc, std::string& vectors);

// --solver subspace|krylov of the commands that run a randomized SVD (svd, lsa,
// ppmi), as typed; its default is svd_solver_name(SvdOptions'.solver).
void add_svd_solver_option(po::options_description& desc, std::string& solver);

// A flag renamed for "one name, one meaning": the old spelling is still
// accepted for one release; parse_args rewrites it to the new one and prints
// "embkit <command>: warning: --alpha is deprecated, use --lr" on stderr.
// Flags are written with their dashes ("--alpha", "-d").
struct DeprecatedFlag {
  const char* command;
  const char* old_flag;
  const char* new_flag;
};
const std::vector<DeprecatedFlag>& deprecated_flags();

// `args` with the command's deprecated spellings replaced (one warning line on
// stderr each). Option values are left alone: "--query -d" keeps "-d".
Args rewrite_deprecated(const std::string& command, const po::options_description& desc, const Args& args);

// While set, parse_args given --help hands the usage and options to `sink`
// instead of printing them: how `embkit help --format` and the tests read
// every command's options from the commands themselves.
using HelpSink = std::function<void(const std::string& usage, const po::options_description& desc)>;
void set_help_sink(HelpSink sink);

// Parses `args` against `desc` (plus --help). Returns false if --help was given
// (after printing usage and options to stdout); the caller then returns 0.
// Deprecated spellings are rewritten first (rewrite_deprecated).
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

// --json of a command whose result is files (the trainers, convert, ...): one
// object on stdout with `fields`, then "seconds" (wall time since the command
// started) and "peak_rss_bytes" (the process's peak resident memory).
void add_json_option(po::options_description& desc, bool& json);
void print_json_summary(const std::function<void(JsonWriter&)>& fields);

// Runs a command's main with the standard error handling: prints
// "embkit <command>: error: <message>" on stderr, with parameter references
// named as `flags` says (also in the progress messages of the body), and
// returns 1 or 2. Under mpirun with more than one rank the messages name the
// rank ("embkit knn (rank 1 of 2): error: ..."), a command registered with
// Ranks::one is refused (a usage error), and a failure on any rank ends the
// whole job with its exit code (distributed::abort), so that no rank waits
// forever in a collective for the one that failed.
int run_guarded(const std::string& command, const std::function<int()>& body, const FlagNames& flags = {},
                Ranks ranks = Ranks::one);

template <class T, class... Also>
po::typed_value<T>* bound(T& field, Also&... also) {
  po::typed_value<T>* value = po::value(&field);
  if constexpr (std::is_same_v<T, double>) value->default_value(field, default_text(field));
  else value->default_value(field);
  if constexpr (sizeof...(Also) > 0) value->notifier([&also...](const T& parsed) { ((also = parsed), ...); });
  return value;
}

}  // namespace embkit::cli
