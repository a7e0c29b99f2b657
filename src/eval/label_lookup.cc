#include "eval/label_lookup.h"

#include <algorithm>

#include "core/text.h"

namespace embkit {

LabelLookup::LabelLookup(const Embeddings& embeddings, std::int64_t restrict, bool case_insensitive)
    : case_insensitive_(case_insensitive) {
  size_ = restrict > 0 ? std::min<std::int64_t>(restrict, embeddings.rows()) : embeddings.rows();
  rows_.reserve(static_cast<std::size_t>(size_));
  // emplace() keeps the first row for a key: the most frequent case variant.
  for (std::int64_t i = 0; i < size_; ++i)
    rows_.emplace(key(embeddings.labels[static_cast<std::size_t>(i)]), i);
}

std::string LabelLookup::key(std::string_view word) const {
  return case_insensitive_ ? to_lower_ascii(word) : std::string(word);
}

std::int64_t LabelLookup::find(std::string_view word) const {
  const auto it = rows_.find(key(word));
  return it == rows_.end() ? -1 : it->second;
}

}  // namespace embkit
