#include "word_groups.h"

#include <map>

#include "core/error.h"
#include "core/input_file.h"
#include "core/text.h"

namespace embkit::cli {

WordGroups read_word_groups(const std::string& path, const std::vector<std::string>& words) {
  WordGroups groups;
  std::map<std::string, std::int32_t> group_of_name;
  std::map<std::string, std::int32_t> group_of_word;
  LineReader reader(path);
  std::string line;
  std::vector<std::string_view> fields;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    split_char(line, '\t', fields);
    if (fields.size() != 2 || fields[0].empty() || trim(fields[1]).empty())
      throw_input_error(path, reader.line_number(), "expected word<TAB>group");
    const std::string name(trim(fields[1]));
    const auto [it, added] = group_of_name.emplace(name, static_cast<std::int32_t>(groups.legend.size()));
    if (added) groups.legend.push_back(name);
    group_of_word[std::string(fields[0])] = it->second;
  }
  if (groups.legend.empty()) throw InputError(located(path, 0, "no word<TAB>group lines found"));
  const auto none = static_cast<std::int32_t>(groups.legend.size());
  groups.legend.push_back("(no group)");
  groups.colour.assign(words.size(), none);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto it = group_of_word.find(words[i]);
    if (it != group_of_word.end()) groups.colour[i] = it->second;
  }
  return groups;
}

}  // namespace embkit::cli
