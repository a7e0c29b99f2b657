// Every command's options, read from the commands themselves, and what is made
// from them: the flag reference docs/cli.md, the bash completion script and the
// man page's per-command sections (`embkit help --format markdown|bash|man`).
//
// One name, one meaning: a flag that several commands accept means the same
// thing in each, as flag_glossary() states once; tests/docs/flags_test.cc fails
// when a short letter names two long flags, when one flag is a switch in one
// command and takes a value in another, or when a shared flag has no entry.
#pragma once

#include <string>
#include <vector>

#include "cli.h"

namespace embkit::cli {

struct OptionDoc {
  std::string name;           // long name, without dashes: "min-count"
  std::string short_name;     // "-i", or empty
  bool takes_value = false;   // false for switches (--json, --quiet)
  std::string default_value;  // as --help shows it, or empty
  std::string help;
};

struct CommandDoc {
  std::string name, summary, usage;
  std::vector<OptionDoc> options;  // in --help order; --help itself excluded
};

// The options `embkit <command> --help` shows, captured instead of printed.
CommandDoc describe_command(const CommandInfo& command);
std::vector<CommandDoc> describe_commands();  // every registered command, by name

// The meaning of each flag that more than one command accepts.
struct FlagMeaning {
  const char* flag;  // long name, without dashes
  const char* meaning;
};
const std::vector<FlagMeaning>& flag_glossary();
const char* flag_meaning(const std::string& flag);  // nullptr when not in the glossary

// `embkit help --format F`: markdown (docs/cli.md), bash (completion script),
// man (help2man --include sections).
std::string cli_reference_markdown();
std::string bash_completion();
std::string man_sections();

}  // namespace embkit::cli
