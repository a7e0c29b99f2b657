// --groups FILE of the commands that colour words (explore, plot): one
// word<TAB>group line per word, each group a colour with its name in a legend.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace embkit::cli {

struct WordGroups {
  std::vector<std::string> legend;   // the groups in order of first appearance, then "(no group)"
  std::vector<std::int32_t> colour;  // each word's index into `legend`
};

// The group of each of `words` (the last legend entry, "(no group)", for words
// the file does not list; a word listed twice takes its last line). Blank
// lines are skipped; InputError "path:LINE: expected word<TAB>group" for a
// line without exactly one TAB, "path: no word<TAB>group lines found" for a
// file without any.
WordGroups read_word_groups(const std::string& path, const std::vector<std::string>& words);

}  // namespace embkit::cli
