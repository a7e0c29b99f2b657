// One name, one meaning: the flags of every registered command, read from the
// commands themselves (apps/flag_catalog.h), against each other, against
// docs/cli.md and against the generated bash completion.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

#include "flag_catalog.h"
#include "support/test_util.h"

using namespace embkit::test;
using namespace embkit::cli;

namespace {

// flag → (command → its declaration)
std::map<std::string, std::map<std::string, OptionDoc>> flag_uses() {
  std::map<std::string, std::map<std::string, OptionDoc>> uses;
  for (const CommandDoc& c : describe_commands())
    for (const OptionDoc& o : c.options) uses[o.name][c.name] = o;
  return uses;
}

}  // namespace

TEST_CASE("every command's options are read from the command itself", "[docs]") {
  const std::vector<CommandDoc> commands = describe_commands();
  REQUIRE(commands.size() == CommandRegistry::instance().all().size());
  for (const CommandDoc& c : commands) {
    INFO(c.name);
    CHECK_FALSE(c.usage.empty());
    CHECK(c.options.size() >= 2);
  }
  const CommandDoc word2vec = describe_command(*CommandRegistry::instance().find("word2vec"));
  bool found = false;
  for (const OptionDoc& o : word2vec.options)
    if (o.name == "input") {
      found = true;
      CHECK(o.short_name == "-i");
      CHECK(o.takes_value);
    }
  CHECK(found);
}

TEST_CASE("a short letter stands for one long flag in every command", "[docs]") {
  std::map<std::string, std::pair<std::string, std::string>> seen;  // "-d" → (flag, command)
  for (const CommandDoc& c : describe_commands())
    for (const OptionDoc& o : c.options) {
      if (o.short_name.empty()) continue;
      const auto [it, inserted] = seen.emplace(o.short_name, std::make_pair(o.name, c.name));
      INFO(o.short_name << " is --" << o.name << " in " << c.name << " but --" << it->second.first << " in "
                        << it->second.second);
      CHECK(it->second.first == o.name);
    }
}

TEST_CASE("a flag several commands accept has one meaning", "[docs]") {
  for (const auto& [flag, commands] : flag_uses()) {
    if (commands.size() < 2) continue;
    INFO("--" << flag << " is accepted by " << commands.size()
              << " commands: give it one meaning in flag_glossary() (apps/flag_catalog.cc) or rename it");
    CHECK(flag_meaning(flag) != nullptr);
    // A switch in one command and a value in another are two meanings.
    const bool takes_value = commands.begin()->second.takes_value;
    for (const auto& [command, option] : commands) {
      INFO("--" << flag << " in " << command);
      CHECK(option.takes_value == takes_value);
    }
  }
  // And the glossary names only shared flags, so it follows renames.
  const auto uses = flag_uses();
  for (const FlagMeaning& m : flag_glossary()) {
    INFO("glossary entry --" << m.flag);
    const auto it = uses.find(m.flag);
    CHECK((it != uses.end() && it->second.size() >= 2));
  }
}

TEST_CASE("--max-memory: one description, and 0 is no cap beyond the available memory, everywhere", "[docs]") {
  const auto uses = flag_uses();
  REQUIRE(uses.count("max-memory"));
  const auto& commands = uses.at("max-memory");
  for (const char* command : {"word2vec", "glove", "ppmi"}) CHECK(commands.count(command));
  for (const auto& [command, option] : commands) {
    INFO("--max-memory in " << command);
    CHECK(option.help == kMaxMemoryHelp);
    CHECK(option.default_value == "0");
  }
  CHECK(std::string(flag_meaning("max-memory")) == kMaxMemoryHelp);
  // Each command runs with 0 (no cap of the user's; a small run fits the
  // machine) and refuses a cap below its estimate with the same message.
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 20; ++i) text += "the king rules the land and the queen rules the land\n";
  const std::string corpus = tmp.write("corpus.txt", text);
  for (const auto& [command, option] : commands) {
    INFO(command);
    const std::string base = command + " -q -i " + corpus + " -o " + tmp.file(command + ".out") +
                             (command == "cooccurrence" ? ".npz" : ".vec") +
                             " --min-count 1 --threads 1" + (command == "cooccurrence" ? "" : " --dim 2");
    const CommandResult zero = run_embkit(base + " --max-memory 0");
    INFO(zero.err);
    CHECK(zero.exit_code == 0);
    const CommandResult tiny = run_embkit(base + " --max-memory 16");
    CHECK(tiny.exit_code == 1);
    CHECK_THAT(tiny.err, Catch::Contains("more than --max-memory 16 B"));
  }
}

TEST_CASE("renamed flags still work for one release, with a warning", "[docs]") {
  const auto uses = flag_uses();
  for (const DeprecatedFlag& d : deprecated_flags()) {
    INFO(d.command << ": " << d.old_flag << " -> " << d.new_flag);
    const std::string new_name = std::string(d.new_flag).substr(2);
    REQUIRE(uses.count(new_name));
    CHECK(uses.at(new_name).count(d.command));
    // The old spelling is no declared option of the command any more.
    const std::string old_flag = d.old_flag;
    for (const OptionDoc& o : describe_command(*CommandRegistry::instance().find(d.command)).options)
      CHECK((old_flag != "--" + o.name && old_flag != o.short_name));
  }
  TempDir tmp;
  const std::string corpus = tmp.write("c.txt", "a b c a b c a b\n");
  CommandResult r = run_embkit("word2vec -i " + corpus + " -o " + tmp.file("v.vec") +
                               " --min-count 1 --dim 4 --epochs 1 --alpha 0.01 --threads 1 -q");
  CHECK(r.exit_code == 0);
  CHECK(r.err == "embkit word2vec: warning: --alpha is deprecated, use --lr\n");
  // Written as --alpha=VALUE, and a short one with its value attached.
  r = run_embkit("pca -k1 -i " + tmp.write("t.csv", "1,2\n3,5\n4,4\n") + " --json -q");
  CHECK(r.exit_code == 0);
  CHECK(r.err == "embkit pca: warning: -k is deprecated, use --dim\n");
  r = run_embkit("word2vec -i " + corpus + " -o " + tmp.file("v.vec") +
                 " --min-count 1 --dim 4 --epochs 1 --alpha=0.01 --threads 1 -q");
  CHECK(r.exit_code == 0);
  CHECK(r.err == "embkit word2vec: warning: --alpha is deprecated, use --lr\n");
  // A value that looks like a deprecated flag is a value: pca --delimiter -k is no -k.
  po::options_description desc;
  desc.add_options()("delimiter", po::value<std::string>(), "")("json", po::bool_switch(), "");
  CHECK(rewrite_deprecated("pca", desc, {"--delimiter", "-k", "--json", "-k", "2"}) ==
        Args{"--delimiter", "-k", "--json", "--dim", "2"});
}

TEST_CASE("help shows every default in its shortest form", "[docs]") {
  // 0.97, not 0.96999999999999997.
  const std::regex long_fraction(R"(\d\.\d{7,})");
  for (const CommandDoc& c : describe_commands())
    for (const OptionDoc& o : c.options) {
      INFO(c.name << " --" << o.name << " (=" << o.default_value << ")");
      CHECK_FALSE(std::regex_search(o.default_value, long_fraction));
    }
}

TEST_CASE("embkit help COMMAND is embkit COMMAND --help", "[docs]") {
  for (const std::string command : {"word2vec", "knn", "mf"}) {
    const CommandResult help = run_embkit("help " + command), direct = run_embkit(command + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out == direct.out);
  }
  CHECK(run_embkit("help no-such-command").exit_code == 2);
}

TEST_CASE("docs/cli.md is the flag reference the binary generates", "[docs]") {
  const CommandResult r = run_embkit("help --format markdown");
  REQUIRE(r.exit_code == 0);
  INFO("regenerate it: build/embkit help --format markdown > docs/cli.md");
  CHECK(read_file(source_path("docs/cli.md")) == r.out);
}

TEST_CASE("the bash completion lists every command and every flag", "[docs]") {
  const std::string script = bash_completion();
  TempDir tmp;
  const std::string path = tmp.write("embkit.bash", script);
  REQUIRE(std::system(("bash -n " + path).c_str()) == 0);
  // Completes as bash would: COMP_WORDS up to the cursor, then COMPREPLY.
  auto complete = [&](const std::string& words) {
    const std::string out = tmp.file("reply");
    const std::string cmd = "bash -c 'source " + path + "; COMP_WORDS=(" + words +
                            "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _embkit; printf \"%s\\n\" \"${COMPREPLY[@]}\"' >" +
                            out;
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::set<std::string> reply;
    std::istringstream in(read_file(out));
    for (std::string line; std::getline(in, line);) reply.insert(line);
    return reply;
  };
  const std::set<std::string> commands = complete("embkit \"\"");
  for (const CommandDoc& c : describe_commands()) {
    INFO(c.name);
    CHECK(commands.count(c.name));
    const std::set<std::string> flags = complete("embkit " + c.name + " -");
    for (const OptionDoc& o : c.options) {
      INFO("--" << o.name);
      CHECK(flags.count("--" + o.name));
      if (!o.short_name.empty()) CHECK(flags.count(o.short_name));
    }
  }
  CHECK(complete("embkit word2vec --lr") == std::set<std::string>{"--lr"});
  // The script the build writes beside the binary (and installs) is this one.
  CHECK(read_file((fs::path(EMBKIT_BINARY).parent_path() / "embkit.bash-completion").string()) == script);
}
