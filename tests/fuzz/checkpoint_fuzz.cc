// Fuzz target: the three checkpoint loaders, chosen by the input's magic bytes
// as a user's --resume file would be: GloVe's load_glove_checkpoint (fixed
// header, four float matrices) for "EMBGLOV1", doc2vec's
// load_doc2vec_checkpoint for "EMBKIT-DOC2VEC", word2vec's load_checkpoint
// (length-prefixed fields, as doc2vec's) otherwise. A loaded checkpoint must
// hold finite weights — one with NaN or Inf is refused as corrupt, never resumed.
#include <cstring>

#include "factorization/glove.h"
#include "fuzz_util.h"
#include "word2vec/checkpoint.h"
#include "word2vec/doc2vec.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-checkpoint.ckpt");
  input.write(fuzz::as_view(data, size));
  if (size >= 8 && std::memcmp(data, "EMBGLOV1", 8) == 0) {
    fuzz::expect_only_input_errors([&] {
      const GloveModel m = load_glove_checkpoint(input.path());
      fuzz::require(m.dim() >= 1 && m.word.rows() >= 1, "a non-empty model");
      fuzz::require(m.context.rows() == m.word.rows() && m.context.cols() == m.word.cols() &&
                        m.word_gradsq.rows() == m.word.rows() && m.context_gradsq.cols() == m.word.cols(),
                    "four matrices of one shape");
      fuzz::require(m.word.allFinite() && m.context.allFinite() && m.word_gradsq.allFinite() &&
                        m.context_gradsq.allFinite(),
                    "only finite values load");
      fuzz::require(m.word_gradsq.minCoeff() >= 0 && m.context_gradsq.minCoeff() >= 0,
                    "AdaGrad sums are not negative");
    });
    return 0;
  }
  if (size >= 14 && std::memcmp(data, "EMBKIT-DOC2VEC", 14) == 0) {
    fuzz::expect_only_input_errors([&] {
      const Doc2VecState s = load_doc2vec_checkpoint(input.path());
      const auto words = static_cast<Eigen::Index>(s.vocabulary.size());
      fuzz::require(words > 0 && s.words.rows() == words && s.outputs.rows() == words, "one row per word");
      fuzz::require(s.docs.rows() == static_cast<Eigen::Index>(s.documents), "one row per document");
      fuzz::require(s.words.cols() == s.args.dim && s.docs.cols() == s.args.dim, "matching dimensions");
      fuzz::require(s.words.allFinite() && s.outputs.allFinite() && s.docs.allFinite(), "only finite values load");
      fuzz::require(s.thread_states.size() == static_cast<std::size_t>(s.threads), "one state per thread");
      for (const Word2VecThreadState& t : s.thread_states)
        fuzz::require(t.begin <= t.cursor && t.cursor <= t.end && t.end <= s.documents, "ranges within the documents");
    });
    return 0;
  }
  fuzz::expect_only_input_errors([&] {
    const Word2VecState state = load_checkpoint(input.path());
    fuzz::require(state.input.rows() == state.vocabulary.size(), "one input row per word");
    fuzz::require(state.input.cols() == state.output.cols(), "matching dimensions");
    fuzz::require(state.input.allFinite() && state.output.allFinite(), "only finite values load");
  });
  return 0;
}
