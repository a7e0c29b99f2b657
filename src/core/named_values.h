// Named values: the name ↔ enum tables behind options such as --format,
// --tokens or --metric, so that parsing a name and naming a value read the
// same table. A value may have several names (aliases); its first name in the
// table is the canonical one, which name_of() returns and error messages list.
//
//   constexpr NamedValue<Metric> kMetrics[] = {
//       {"cosine", Metric::Cosine}, {"dot", Metric::Dot}, {"ip", Metric::Dot}, {"l2", Metric::L2}};
//   parse_named(kMetrics, "ip", "metric")     → Metric::Dot
//   parse_named(kMetrics, "x", "metric")      → ParameterError "metric must be cosine, dot or l2, got 'x'"
//                                               (the CLI shows the parameter as its flag, --metric)
//   name_of(kMetrics, Metric::Dot)            → "dot"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace embkit {

// "a", "a or b", "a, b or c", ...
std::string join_alternatives(const std::vector<std::string_view>& names);

template <typename E>
struct NamedValue {
  const char* name;
  E value;
};

// The value called `name` in `table`, or nullopt.
template <typename E, std::size_t N>
std::optional<E> find_named(const NamedValue<E> (&table)[N], std::string_view name) {
  for (const NamedValue<E>& entry : table)
    if (name == entry.name) return entry.value;
  return std::nullopt;
}

// The canonical name of `value` (its first in `table`), or "?".
template <typename E, std::size_t N>
const char* name_of(const NamedValue<E> (&table)[N], E value) {
  for (const NamedValue<E>& entry : table)
    if (entry.value == value) return entry.name;
  return "?";
}

// "a, b or c": the canonical names of `table`'s values, in table order.
template <typename E, std::size_t N>
std::string canonical_names(const NamedValue<E> (&table)[N]) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < N; ++i) {
    std::size_t first = 0;
    while (table[first].value != table[i].value) ++first;
    if (first == i) names.emplace_back(table[i].name);
  }
  return join_alternatives(names);
}

// The value called `name` in `table`; otherwise a ParameterError naming the
// options-struct field `parameter`: "<parameter> must be a, b or c, got '<name>'".
template <typename E, std::size_t N>
E parse_named(const NamedValue<E> (&table)[N], const std::string& name, const std::string& parameter) {
  if (const std::optional<E> value = find_named(table, name)) return *value;
  throw ParameterError(parameter, "must be " + canonical_names(table) + ", got '" + name + "'");
}

}  // namespace embkit
