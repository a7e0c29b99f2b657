// Fuzz target: read_analogy_questions (": section" headers, then "a b c d").
#include "eval/eval_datasets.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-analogy.txt");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const auto sections = read_analogy_questions(input.path());
    for (const auto& s : sections) {
      fuzz::require(s.syntactic == (s.name.rfind("gram", 0) == 0), "syntactic means a 'gram' section");
      for (const auto& q : s.questions)
        fuzz::require(!q.a.empty() && !q.b.empty() && !q.c.empty() && !q.d.empty(), "four words");
    }
  });
  return 0;
}
