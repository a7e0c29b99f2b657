// Fuzz target: Doc2Vec::load_model (binary, length-prefixed fields), then one
// inference with the loaded model.
#include "fuzz_util.h"
#include "word2vec/doc2vec.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-model.d2v");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const Doc2Vec model = Doc2Vec::load_model(input.path());
    fuzz::require(model.vocabulary().size() > 0, "a vocabulary");
    fuzz::require(model.word_vectors().dim() == model.args().dim, "matching dimensions");
    if (model.args().epochs > 50 || model.args().negative > 50) return;  // valid, but too slow to infer here
    const std::string word = model.vocabulary()[0].word;
    const Embeddings v = model.infer({word + " " + word}, {"doc0"}, 1, 1);
    fuzz::require(v.rows() == 1 && v.dim() == model.args().dim, "one inferred row");
  });
  return 0;
}
