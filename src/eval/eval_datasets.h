// Evaluation datasets: word-similarity pairs and analogy questions.
//
// Word pairs (WordSim-353, SimLex-999, RG-65, ...): one "w1<TAB>w2<TAB>score"
// per line (runs of spaces are accepted when a line has no TAB). "\r\n" line
// ends, empty lines and '#' comment lines are ignored; a first line whose score
// is not a number is a header and skipped. Any other malformed line is an
// InputError naming file, line and value — gensim skips such lines silently,
// we refuse them so a broken file never yields a quietly different score.
//
// Analogy questions (Mikolov et al. 2013, questions-words.txt): ": section"
// header lines, then "a b c d" lines meaning a : b = c : d. Sections whose name
// starts with "gram" are syntactic, the others semantic (the Google set's
// convention). A question before the first header, or a line that does not
// have exactly four words, is an InputError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace embkit {

struct WordPair {
  std::string first;
  std::string second;
  double score = 0;
  std::uint64_t line = 0;  // 1-based line in the source file
};

struct WordPairSet {
  std::string name;  // file name without directory and extension: "EN-WS-353-ALL"
  std::string path;
  std::vector<WordPair> pairs;
};

WordPairSet read_word_pairs(const std::string& path);

struct AnalogyQuestion {
  std::string a, b, c, d;  // a : b = c : d
  std::uint64_t line = 0;
};

struct AnalogySection {
  std::string name;
  bool syntactic = false;  // name starts with "gram"
  std::vector<AnalogyQuestion> questions;
};

std::vector<AnalogySection> read_analogy_questions(const std::string& path);

// "dir/EN-WS-353-ALL.txt" → "EN-WS-353-ALL".
std::string dataset_name_from_path(const std::string& path);

}  // namespace embkit
