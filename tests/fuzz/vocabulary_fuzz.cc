// Fuzz target: Vocabulary::load. An accepted file gives ids in descending count
// (ties by byte order), a consistent index, and survives save → load.
#include "core/vocabulary.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-vocab.tsv"), copy("-vocab-copy.tsv");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const Vocabulary vocab = Vocabulary::load(input.path());
    std::uint64_t total = 0;
    for (std::int64_t id = 0; id < vocab.size(); ++id) {
      const auto& e = vocab[id];
      fuzz::require(!e.word.empty(), "no empty word");
      fuzz::require(vocab.find(e.word) == id, "find() inverts the id");
      if (id > 0) {
        const auto& prev = vocab[id - 1];
        fuzz::require(prev.count > e.count || (prev.count == e.count && prev.word < e.word),
                      "ids by descending count, ties by byte order, no duplicates");
      }
      total += e.count;
    }
    fuzz::require(total == vocab.total_count(), "total_count() sums the counts");
    vocab.save(copy.path());
    const Vocabulary back = Vocabulary::load(copy.path());
    fuzz::require(back.size() == vocab.size(), "size survives a round trip");
    for (std::int64_t id = 0; id < vocab.size(); ++id)
      fuzz::require(back[id].word == vocab[id].word && back[id].count == vocab[id].count,
                    "entries survive a round trip");
  });
  return 0;
}
