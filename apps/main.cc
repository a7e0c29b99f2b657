// embkit: one binary, many commands. `embkit --help` lists them; each
// `embkit <command> --help` shows every option with its default.
#include <iostream>

#include "cli.h"
#include "core/signals.h"
#include "core/simd.h"

using embkit::cli::CommandRegistry;

namespace {

void print_help() {
  std::cout << "embkit " EMBKIT_VERSION " — train embeddings from scratch and evaluate them\n\n"
               "Usage: embkit <command> [options]\n"
               "       embkit <command> --help\n\n"
               "Commands:\n";
  for (const auto* c : CommandRegistry::instance().all()) {
    std::string name = c->name;
    name.resize(std::max<std::size_t>(name.size(), 14), ' ');
    std::cout << "  " << name << "  " << c->summary << "\n";
  }
  std::cout << "\nExit codes: 0 success, 1 input or runtime error, 2 usage error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    print_help();
    return 2;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    print_help();
    return 0;
  }
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
  return embkit::cli::run_guarded(command, [&] { return info->main(args); }, info->flags);
}
