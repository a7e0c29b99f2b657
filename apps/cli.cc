#include "cli.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "core/error.h"
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
                                   std::function<int(const Args&)> main, FlagNames flags) {
  CommandRegistry::instance().add({name, summary, std::move(main), std::move(flags)});
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

}  // namespace

bool parse_args(const std::string& command, const std::string& usage, const po::options_description& desc,
                const Args& args, po::variables_map& vm, const po::positional_options_description* positional) {
  po::options_description all(desc);
  all.add_options()("help,h", "show this help");
  try {
    auto parser = po::command_line_parser(args).options(all);
    if (positional) parser.positional(*positional);
    else parser.positional(po::positional_options_description());  // no stray arguments
    // Negative numbers such as "--window -1" must reach validation as values.
    parser.style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: embkit " << command << " " << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("unexpected argument '" + stray_argument(all, args) + "'");
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

int run_guarded(const std::string& command, const std::function<int()>& body, const FlagNames& flags) {
  const std::string prefix = command.empty() ? "embkit" : "embkit " + command;
  const ParameterNamer as_flag = [flags](const std::string& parameter) { return flag_of(flags, parameter); };
  set_parameter_namer(as_flag);
  set_warning_prefix(prefix);
  try {
    return body();
  } catch (const UsageError& e) {
    // One line: the problem, then where to look.
    std::cerr << prefix << ": " << escape_input(e.render(as_flag));
    if (!command.empty()) std::cerr << " (see 'embkit " << command << " --help')";
    std::cerr << "\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << prefix << ": error: " << escape_input(e.render(as_flag)) << "\n";
    return 1;
  } catch (const Interrupted& e) {
    std::cerr << prefix << ": " << e.what() << "\n";
    return 130;
  } catch (const std::bad_alloc&) {
    std::cerr << prefix << ": error: out of memory\n";
    return 1;
  } catch (const std::length_error&) {
    // A container asked for more than max_size(): what() names a library
    // internal (vector::_M_default_append), not the input or option at fault.
    std::cerr << prefix << ": error: out of memory (a size derived from the input or options is too large)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << prefix << ": error: " << escape_input(e.what()) << "\n";
    return 1;
  }
}

}  // namespace embkit::cli
