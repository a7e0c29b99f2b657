// embkit analogy: accuracy on "a : b = c : d" questions with 3CosAdd or
// 3CosMul (eval/analogy.h has the protocol).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::analogy {

struct Options {
  std::string vectors;
  std::string questions;
  std::string method = "3cosadd";
  std::int64_t restrict = 30000;
  bool case_sensitive = false;
  bool json = false;
  int threads = 0;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::analogy
