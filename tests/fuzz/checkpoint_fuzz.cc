// Fuzz target: word2vec load_checkpoint (binary, length-prefixed fields).
#include "fuzz_util.h"
#include "word2vec/checkpoint.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-w2v.ckpt");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const Word2VecState state = load_checkpoint(input.path());
    fuzz::require(state.input.rows() == state.vocabulary.size(), "one input row per word");
    fuzz::require(state.input.cols() == state.output.cols(), "matching dimensions");
  });
  return 0;
}
