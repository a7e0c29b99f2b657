// Subword (character n-gram) word vectors: fastText's model (Bojanowski,
// Grave, Joulin & Mikolov 2017, "Enriching Word Vectors with Subword
// Information", §3.2).
//
// A word w is represented by G_w: its own row (for a vocabulary word) and the
// rows of its character n-grams. The n-grams are taken from "<" + w + ">" with
// lengths minn..maxn counted in UTF-8 characters; "<w>" itself is one of them
// when short enough, and single characters next to a boundary are not. Each
// n-gram is hashed into one of `buckets` rows by fastText's FNV-1a variant
// (its bytes as *signed* chars widened to 32 bits, Dictionary::hash), so bucket
// ids equal fastText's for the same minn, maxn and bucket count.
//
// The input matrix has vocabulary-size + buckets rows: word rows first (the
// vocabulary's order), then bucket b at row words + b (fastText's layout).
// The word vector is the mean of its rows,
//     u_w = (1/|G_w|) Σ_{g∈G_w} z_g,
// and an unseen word's is the same mean over its n-grams alone (fastText's
// getWordVector); a word with no n-gram at all gets the zero vector.
//
// SubwordModel is what `word2vec --save-model` writes and `vectors` / `knn
// --load-model` read. File layout (little-endian):
//   "EMBKIT-SUBWORD-MODEL 1\n", settings, vocabulary (word, count),
//   input matrix ((words + buckets) × dim float32, row-major),
//   FNV-1a 64 of every byte before it, "END\n".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/embeddings.h"
#include "core/vocabulary.h"
#include "word2vec/word2vec_args.h"

namespace embkit {

// fastText's Dictionary::hash: FNV-1a 32-bit over the bytes read as int8_t.
std::uint32_t fasttext_hash(std::string_view bytes);

// Appends the bucket ids (0..buckets-1) of the character n-grams of
// "<" + word + ">" with minn..maxn UTF-8 characters, in fastText's order
// (by start, then by length); with `substrings`, also the n-grams themselves.
// Duplicates are kept, as fastText keeps them.
void subword_buckets(std::string_view word, int minn, int maxn, std::uint64_t buckets,
                     std::vector<std::uint32_t>& ids, std::vector<std::string>* substrings = nullptr);

// Every vocabulary word's input rows G_w, computed once before training:
// rows(w) = {w, words + bucket(g) for its n-grams g}.
class SubwordTable {
 public:
  SubwordTable() = default;
  SubwordTable(const Vocabulary& vocabulary, int minn, int maxn, std::uint64_t buckets);

  const std::uint32_t* rows(std::uint32_t word) const { return rows_.data() + offsets_[word]; }
  int count(std::uint32_t word) const { return static_cast<int>(offsets_[word + 1] - offsets_[word]); }
  // How far the mean u_w moves when every entry of G_w gets +g: by ρ_w·g with
  // ρ_w = Σ_r m_r² / |G_w|, m_r = how often row r appears in G_w (an n-gram
  // repeated in the word, or two n-grams in one bucket); 1 without repeats.
  float drift(std::uint32_t word) const { return drift_[word]; }
  std::uint64_t bytes() const { return rows_.size() * 4 + offsets_.size() * 8 + drift_.size() * 4; }
  // The table's size for `vocabulary` without building it (memory estimate).
  static std::uint64_t estimate_bytes(const Vocabulary& vocabulary, int minn, int maxn);

 private:
  std::vector<std::uint64_t> offsets_;  // words + 1
  std::vector<std::uint32_t> rows_;
  std::vector<float> drift_;  // ρ_w, one per word
};

class SubwordModel {
 public:
  SubwordModel() = default;
  // `input`: (vocabulary size + args.buckets) × args.dim.
  SubwordModel(Word2VecArgs args, Vocabulary vocabulary, Matrix input);

  // Throws InputError naming the file for a missing, foreign, truncated or
  // corrupt (checksum, NaN) model.
  static SubwordModel load(const std::string& path);
  void save(const std::string& path) const;

  const Word2VecArgs& args() const { return args_; }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const Matrix& input() const { return input_; }
  int dim() const { return static_cast<int>(input_.cols()); }

  // u_w for any word (fastText's getWordVector); zero when w has no row.
  Vector word_vector(std::string_view word) const;
  // u_w of every vocabulary word, in vocabulary order (the .vec output).
  Embeddings vocabulary_vectors() const;

 private:
  Word2VecArgs args_;
  Vocabulary vocabulary_;
  Matrix input_;
};

// The mean of `count` rows of `input` (row-major, `dim` columns) into `out`:
// u_w = (1/|G_w|) Σ z_g. Shared by training's output and the model.
void mean_of_rows(const float* input, int dim, const std::uint32_t* rows, int count, float* out);

}  // namespace embkit
