// Fuzz target: read_word_pairs (word-similarity datasets: "w1<TAB>w2<TAB>score").
#include <cmath>

#include "eval/eval_datasets.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-wordsim.txt");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const WordPairSet set = read_word_pairs(input.path());
    std::uint64_t previous_line = 0;
    for (const auto& p : set.pairs) {
      fuzz::require(!p.first.empty() && !p.second.empty(), "both words present");
      fuzz::require(std::isfinite(p.score), "scores are finite");
      fuzz::require(p.line > previous_line, "line numbers increase");
      previous_line = p.line;
    }
  });
  return 0;
}
