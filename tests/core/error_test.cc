// Parameter references in library messages (core/error.h) and how the CLI
// names them (cli.h): a library user reads field names, a CLI user flags.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

#include "cli.h"
#include "core/error.h"
#include "core/progress.h"

using namespace embkit;

namespace {

std::string upper(const std::string& name) {
  std::string out = name;
  for (char& c : out) c = static_cast<char>(c - 32 * (c >= 'a' && c <= 'z'));
  return out;
}

// What run_guarded prints on stderr, and its exit code.
std::pair<int, std::string> guarded(const std::function<int()>& body, const cli::FlagNames& flags) {
  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  const int code = cli::run_guarded("demo", body, flags);
  std::cerr.rdbuf(old);
  set_parameter_namer(nullptr);
  return {code, captured.str()};
}

}  // namespace

TEST_CASE("what() names the field; render() names it as the front end asks", "[core][errors]") {
  const ParameterError e("min_count", "must be at least 1, got 0");
  CHECK(std::string(e.what()) == "min_count must be at least 1, got 0");
  CHECK(e.parameter() == "min_count");
  CHECK(e.render(upper) == "MIN_COUNT must be at least 1, got 0");

  const InputError input(located("c.txt", 3, "lower " + param("alpha") + " or " + param("learning_rate")));
  CHECK(std::string(input.what()) == "c.txt:3: lower alpha or learning_rate");
  CHECK(input.render(upper) == "c.txt:3: lower ALPHA or LEARNING_RATE");
}

TEST_CASE("bytes that only look like a reference are left alone", "[core][errors]") {
  // A file's word may hold the marker bytes; only a marked name is a reference.
  const std::string odd = std::string("a\x1e") + "b c\x1f" + "\x1e\x1f" + "\x1e";
  const UsageError e("'" + odd + "' is not a " + param("word"));
  CHECK(std::string(e.what()) == "'" + odd + "' is not a word");
  CHECK(e.render(upper) == "'" + odd + "' is not a WORD");
}

TEST_CASE("the CLI renders parameters as flags, mapped or by '_' to '-'", "[core][errors][cli]") {
  const cli::FlagNames flags = {{"learning_rate", "lr"}};
  CHECK(cli::flag_of(flags, "min_count") == "--min-count");
  CHECK(cli::flag_of(flags, "learning_rate") == "--lr");
  CHECK(cli::flag_of({}, "M") == "--M");

  const auto usage = guarded([]() -> int { throw ParameterError("min_count", "must be at least 1, got 0"); }, flags);
  CHECK(usage.first == 2);
  CHECK(usage.second == "embkit demo: --min-count must be at least 1, got 0 (see 'embkit demo --help')\n");
  const auto input = guarded([]() -> int { throw InputError("diverged; lower " + param("learning_rate")); }, flags);
  CHECK(input.first == 1);
  CHECK(input.second == "embkit demo: error: diverged; lower --lr\n");
}

TEST_CASE("progress messages name parameters as the installed namer says", "[core][errors]") {
  CHECK(render_parameters("continue with " + param("resume")) == "continue with resume");
  set_parameter_namer(upper);
  CHECK(render_parameters("continue with " + param("resume")) == "continue with RESUME");
  set_parameter_namer(nullptr);
  CHECK(render_parameters("continue with " + param("resume")) == "continue with resume");
}
