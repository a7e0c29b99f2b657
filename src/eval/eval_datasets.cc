#include "eval/eval_datasets.h"

#include <cmath>
#include <string_view>

#include "core/error.h"
#include "core/input_file.h"
#include "core/text.h"

namespace embkit {

namespace {

// Whether the whole field reads as a number, NaN and Inf included: a score of
// "nan" is a bad value (parse_double says so with file:line), not a header
// line to skip.
bool is_number(std::string_view field) {
  if (field.empty()) return false;
  std::string text(field);
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

}  // namespace

std::string dataset_name_from_path(const std::string& path) {
  std::string name = path;
  const std::size_t slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  const std::size_t dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name;
}

WordPairSet read_word_pairs(const std::string& path) {
  WordPairSet set;
  set.path = path;
  set.name = dataset_name_from_path(path);
  LineReader reader(path);
  std::string line;
  std::vector<std::string_view> fields;
  bool seen_content = false;
  while (reader.next(line)) {
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.find('\t') != std::string_view::npos) {
      split_char(text, '\t', fields);
      for (auto& f : fields) f = trim(f);
    } else {
      split_whitespace(text, fields);
    }
    const bool first = !seen_content;
    seen_content = true;
    if (fields.size() != 3)
      throw_input_error(path, reader.line_number(),
                        "expected 3 fields 'word1<TAB>word2<TAB>score', found " +
                            std::to_string(fields.size()) + " in " + quote_input(text, 80));
    // A header such as "word1 word2 score" is recognised by its non-numeric score.
    if (first && !is_number(fields[2])) continue;
    if (fields[0].empty() || fields[1].empty())
      throw_input_error(path, reader.line_number(), "empty word in " + quote_input(text, 80));
    WordPair pair;
    pair.first = std::string(fields[0]);
    pair.second = std::string(fields[1]);
    pair.score = parse_double(fields[2], path, reader.line_number(), "a similarity score");
    pair.line = reader.line_number();
    set.pairs.push_back(std::move(pair));
  }
  if (set.pairs.empty()) throw_input_error(path, 0, "no word pairs found");
  return set;
}

std::vector<AnalogySection> read_analogy_questions(const std::string& path) {
  std::vector<AnalogySection> sections;
  LineReader reader(path);
  std::string line;
  std::vector<std::string_view> words;
  while (reader.next(line)) {
    const std::string_view text = trim(line);
    if (text.empty()) continue;
    if (text.front() == ':') {
      AnalogySection section;
      section.name = std::string(trim(text.substr(1)));
      if (section.name.empty())
        throw_input_error(path, reader.line_number(), "section header ':' without a name");
      section.syntactic = starts_with(section.name, "gram");
      sections.push_back(std::move(section));
      continue;
    }
    if (sections.empty())
      throw_input_error(path, reader.line_number(),
                        "question before the first ': section' header: " + quote_input(text, 80));
    split_whitespace(text, words);
    if (words.size() != 4)
      throw_input_error(path, reader.line_number(),
                        "expected 4 words 'a b c d', found " + std::to_string(words.size()) +
                            " in " + quote_input(text, 80));
    AnalogyQuestion q;
    q.a = std::string(words[0]);
    q.b = std::string(words[1]);
    q.c = std::string(words[2]);
    q.d = std::string(words[3]);
    q.line = reader.line_number();
    sections.back().questions.push_back(std::move(q));
  }
  std::size_t questions = 0;
  for (const auto& s : sections) questions += s.questions.size();
  if (questions == 0) throw_input_error(path, 0, "no analogy questions found");
  return sections;
}

}  // namespace embkit
