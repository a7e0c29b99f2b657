// Fuzz target: SubwordModel::load (the `word2vec --save-model` file read by
// `vectors` / `knn --load-model`), then word vectors from the loaded model.
//
// The file ends in an FNV-1a checksum of everything before it, so nearly every
// mutation would stop at "checksum mismatch". The first input byte chooses:
// 'R' — the rest is the file as is (checksum and end marker included);
// anything else — the rest is the body, and the harness appends its checksum
// and "END\n", so that mutations reach the settings, vocabulary and matrix
// checks behind the checksum.
#include <cstring>
#include <string>

#include "core/hash.h"
#include "fuzz_util.h"
#include "word2vec/subwords.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-model.subwords");
  if (size == 0) return 0;
  std::string file(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] != 'R') {
    const std::uint64_t checksum = fnv1a(file.data(), file.size());
    file.append(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
    file += "END\n";
  }
  input.write(file);
  fuzz::expect_only_input_errors([&] {
    const SubwordModel model = SubwordModel::load(input.path());
    const auto words = model.vocabulary().size();
    fuzz::require(words > 0, "a vocabulary");
    fuzz::require(model.input().rows() == words + static_cast<std::int64_t>(model.args().buckets) &&
                      model.input().cols() == model.dim(),
                  "(words + buckets) x dim input rows");
    fuzz::require(model.input().allFinite(), "only finite values load");
    const Vector known = model.word_vector(model.vocabulary()[0].word);
    const Vector unseen = model.word_vector("zq\xc3\xa9xw");
    fuzz::require(known.size() == model.dim() && unseen.size() == model.dim(), "vectors of the model's dimension");
    fuzz::require(known.allFinite() && unseen.allFinite(), "finite word vectors");
    const Embeddings all = model.vocabulary_vectors();
    fuzz::require(all.rows() == words && all.dim() == model.dim(), "one vector per vocabulary word");
  });
  return 0;
}
