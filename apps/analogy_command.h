// embkit analogy: accuracy on "a : b = c : d" questions with 3CosAdd or
// 3CosMul (eval/analogy.h has the protocol).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "eval/analogy.h"

namespace embkit::cli::analogy {

struct Options {
  std::string vectors;
  std::string questions;
  AnalogyOptions analogy;  // --method, --restrict, --case-sensitive, --threads, with their defaults
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::analogy
