// Word2VecArgs: every setting of a word2vec training run, as plain data.
//
// Mikolov et al. 2013a ("Efficient estimation of word representations in vector
// space") and 2013b ("Distributed representations of words and phrases and their
// compositionality"). Defaults are word2vec.c's, except alpha = -1, which means
// "the model's default" (0.025 skip-gram, 0.05 CBOW; with subwords fastText's
// 0.05 for both) and is resolved by
// resolved_alpha(). validate() checks every range in one place (UsageError).
#pragma once

#include <cstdint>
#include <string>

namespace embkit {

enum class Word2VecModel { SkipGram, Cbow };
// What a sync under mpirun averages: every row of both matrices, or the
// frequent rows and the rare rows some rank wrote since the last sync
// (touched_rows.h); the two give the same model.
enum class SyncRows { All, Touched };

Word2VecModel parse_word2vec_model(const std::string& name);  // "skipgram" | "cbow"
const char* word2vec_model_name(Word2VecModel model);
SyncRows parse_sync_rows(const std::string& name);  // "all" | "touched"
const char* sync_rows_name(SyncRows rows);
// "3-6" → minn 3, maxn 6; "0" → off (0, 0). Throws ParameterError("subwords").
void parse_subwords(const std::string& text, int& minn, int& maxn);

struct Word2VecArgs {
  std::string input;                // corpus path or "-" (stdin)
  Word2VecModel model = Word2VecModel::SkipGram;
  bool cbow_sum = false;            // CBOW: sum the context vectors instead of averaging
  // Skip-gram: draw one set of noise words per centre word and share it across
  // the window (Ji et al. 2016), turning per-pair dot products into a small
  // matrix product; false = word2vec.c's fresh noise words for every pair.
  bool shared_negatives = true;
  int dim = 100;
  int window = 5;                   // maximum window; the effective one is uniform in 1..window
  int negative = 5;                 // noise words per positive pair
  double ns_exponent = 0.75;        // noise distribution ∝ count^ns_exponent
  double sample = 1e-4;             // subsampling threshold t (0 = off)
  std::uint64_t min_count = 5;
  std::uint64_t max_vocab = 0;      // 0 = all
  int epochs = 5;
  double alpha = -1;                // starting learning rate; -1 = model default
  int threads = 0;                  // 0 = all cores
  std::uint64_t seed = 1;
  std::uint64_t max_sentence = 10000;  // longer lines are split into pieces of this many words
  std::uint64_t max_memory = 0;     // bytes, 0 = no cap beyond available memory
  // Under mpirun with N ranks: average the model across ranks (MPI_Allreduce)
  // every this many words trained by all ranks together (each rank trains
  // sync_words / N between syncs). Unused with one process.
  std::uint64_t sync_words = 1000000;
  // What each sync averages (SyncRows above): touched sends only the rows
  // that can differ between the ranks, for the same model: 24 % fewer bytes
  // on wiki17m at the default sync_words, at the same speed on one machine
  // (docs/distributed.md).
  SyncRows sync_rows = SyncRows::Touched;

  // Subword vectors (fastText's model, subwords.h): character n-grams of
  // minn..maxn characters hashed into `buckets` rows; maxn = 0 = off.
  int minn = 0, maxn = 0;
  std::uint64_t buckets = 2000000;

  // Checkpointing: write `checkpoint` every `checkpoint_every` percent of the run
  // (0 = only when interrupted); `resume` continues from a checkpoint file.
  std::string checkpoint;
  double checkpoint_every = 0;
  std::string resume;
  // With `resume`: run to this many epochs in all instead of the checkpoint's
  // (0 = the checkpoint's). The lr schedule is then that of the longer (or
  // shorter) run, from the position the checkpoint reached.
  int resume_epochs = 0;

  // Continuing training on new text without a checkpoint: start from the word
  // vectors in `init` (any format read_vectors reads; their dimension must be
  // `dim`). The vocabulary is the file's words, each kept whatever its count in
  // the new corpus (counts, and so noise and subsampling, come from the
  // corpus); corpus words not in the file are skipped as out-of-vocabulary,
  // unless `update_vocab` adds those reaching min_count / max_vocab (as
  // gensim's build_vocab(update=True)). File words keep their vectors as the
  // starting point, new words start as in a fresh run; the context vectors
  // start at zero, as the file does not hold them.
  std::string init;
  bool update_vocab = false;

  std::string progress_json;        // append one JSON object per progress interval
  bool quiet = false;

  bool subwords() const { return maxn > 0; }
  double resolved_alpha() const;
  void validate() const;  // throws UsageError
};

}  // namespace embkit
