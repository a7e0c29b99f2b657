// Keeps README.md true to the binary: every command it names exists and
// answers --help, every command the binary has is in the README's table, and
// the "typical session" block runs as written.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "support/test_util.h"

using namespace embkit::test;

namespace {

std::string readme() { return read_file(source_path("README.md")); }

// Command names from `embkit --help`: the indented lines under "Commands:".
std::set<std::string> binary_commands() {
  const CommandResult r = run_embkit("--help");
  REQUIRE(r.exit_code == 0);
  std::set<std::string> names;
  std::istringstream in(r.out);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "Commands:") {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.rfind("  ", 0) != 0) break;
    std::istringstream words(line);
    std::string name;
    words >> name;
    names.insert(name);
  }
  return names;
}

// The lines of the first ```sh block after `heading`.
std::vector<std::string> code_block_after(const std::string& text, const std::string& heading) {
  const auto at = text.find(heading);
  REQUIRE(at != std::string::npos);
  const auto begin = text.find("```sh\n", at);
  REQUIRE(begin != std::string::npos);
  const auto end = text.find("```", begin + 6);
  REQUIRE(end != std::string::npos);
  std::vector<std::string> lines;
  std::istringstream in(text.substr(begin + 6, end - begin - 6));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("every command the README names exists and its --help works", "[docs]") {
  const std::string text = readme();
  const std::regex named("`embkit ([a-z][a-z0-9-]*)");
  std::set<std::string> named_commands;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), named); it != std::sregex_iterator(); ++it)
    named_commands.insert((*it)[1]);
  REQUIRE(named_commands.size() >= 10);
  for (const std::string& command : named_commands) {
    INFO("README names `embkit " << command << "`");
    const CommandResult r = run_embkit(command + " --help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--") != std::string::npos);
  }
}

TEST_CASE("the README's command table lists every command of the binary", "[docs]") {
  const std::string text = readme();
  for (const std::string& command : binary_commands()) {
    INFO("command " << command << " is missing from the README's table");
    CHECK(text.find("| `embkit " + command + "` |") != std::string::npos);
  }
}

TEST_CASE("the README's typical session runs as written", "[docs]") {
  const std::vector<std::string> lines = code_block_after(readme(), "A typical session");
  REQUIRE(lines.size() >= 3);
  // As a user runs it: one shell, `embkit` found on PATH, scratch files under
  // TMPDIR; the block's own `export PATH="$PWD/build:$PATH"` finds no build/
  // in the test's directory, so the binary under test is the one found.
  TempDir tmp;
  fs::create_directory_symlink(source_path("corpora"), tmp.file("corpora"));
  std::string script = "set -e\n";
  for (const std::string& line : lines) script += line + "\n";
  write_file(tmp.file("session.sh"), script);
  const std::string bin_dir = fs::path(EMBKIT_BINARY).parent_path().string();
  const std::string cmd = "cd " + tmp.path() + " && TMPDIR=" + tmp.path() + " PATH=" + bin_dir +
                          ":$PATH bash session.sh >" + tmp.file("stdout") + " 2>" + tmp.file("stderr");
  const int status = std::system(cmd.c_str());
  INFO("script:\n" << script << "stderr: " << read_file(tmp.file("stderr")));
  REQUIRE(status == 0);
  CHECK_FALSE(fs::exists(tmp.file("sample.txt")));  // nothing lands in the working directory
}
