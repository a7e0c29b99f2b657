// embkit: one binary, many commands. `embkit --help` lists them; each
// `embkit <command> --help` shows every option with its default.
#include <iostream>

#include "cli.h"
#include "core/signals.h"
#include "core/simd.h"
#include "flag_catalog.h"

using embkit::cli::CommandRegistry;

namespace {

void print_help() {
  std::cout << "embkit " EMBKIT_VERSION " — train embeddings from scratch and evaluate them\n\n"
               "Usage: embkit <command> [options]\n"
               "       embkit <command> --help\n"
               "       embkit help <command>\n\n"
               "Commands:\n";
  for (const auto* c : CommandRegistry::instance().all()) {
    std::string name = c->name;
    name.resize(std::max<std::size_t>(name.size(), 14), ' ');
    std::cout << "  " << name << "  " << c->summary << "\n";
  }
  std::cout << "\nExit codes: 0 success, 1 input or runtime error, 2 usage error.\n"
               "'embkit help --format markdown|bash|man' prints the flag reference, the bash completion\n"
               "script or the man page's command sections, generated from the commands' options.\n";
}

// `embkit help`, `embkit help <command>` (its --help), `embkit help --format F`.
int help(const std::vector<std::string>& args) {
  if (args.empty() || (args.size() == 1 && (args[0] == "--help" || args[0] == "-h"))) {
    print_help();
    return 0;
  }
  if (args.size() == 2 && args[0] == "--format") {
    const std::string& format = args[1];
    if (format == "markdown") std::cout << embkit::cli::cli_reference_markdown();
    else if (format == "bash") std::cout << embkit::cli::bash_completion();
    else if (format == "man") std::cout << embkit::cli::man_sections();
    else {
      std::cerr << "embkit help: --format must be one of markdown, bash, man, got '" << format << "'\n";
      return 2;
    }
    return 0;
  }
  const auto* info = args.size() == 1 ? CommandRegistry::instance().find(args[0]) : nullptr;
  if (!info) {
    std::cerr << "embkit help: expected a command name or --format markdown|bash|man. Run 'embkit --help' for the list.\n";
    return 2;
  }
  return info->main({"--help"});
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    print_help();
    return 2;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h") {
    print_help();
    return 0;
  }
  if (command == "help")
    return embkit::cli::run_guarded("help", [&] { return help(std::vector<std::string>(argv + 2, argv + argc)); });
  if (command == "--version") {
    std::cout << "embkit " EMBKIT_VERSION "\n" << embkit::simd_description() << "\n";
    return 0;
  }
  const auto* info = CommandRegistry::instance().find(command);
  if (!info) {
    std::cerr << "embkit: unknown command '" << command << "'. Run 'embkit --help' for the list.\n";
    return 2;
  }
  embkit::install_interrupt_handlers();
  const embkit::cli::Args args(argv + 2, argv + argc);
  // Under mpirun every rank runs this same command on its part of the work
  // (run_guarded starts and ends MPI; docs/distributed.md).
  return embkit::cli::run_guarded(command, [&] { return info->main(args); }, info->flags, info->ranks);
}
