// CategoricalEncoder: ordinal, one-hot and dummy encodings of one categorical
// variable (a column of strings), with fit/transform.
//
// fit() learns the categories: the distinct values, sorted by byte order (for
// UTF-8 this is Python's str order, so it equals scikit-learn's categories_).
// transform() maps values to rows of numbers:
//   Ordinal  1 column: the category's index.  US, UK, NZ → 2, 1, 0
//   OneHot   k columns, one per category; a 1 in the value's column.
//            US → [0,0,1] over columns NZ, UK, US
//   Dummy    k − 1 columns: one-hot without the first category, which becomes
//            the all-zero row (the reference level of a regression with an
//            intercept, so the columns are not collinear with it).
// Unknown values (not seen by fit) follow the policy: Error throws InputError
// naming the value and its row; Ignore encodes them as −1 (Ordinal) or as the
// all-zero row (OneHot, Dummy — as sklearn's handle_unknown="ignore").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/embeddings.h"
#include "core/sparse.h"

namespace embkit {

enum class CategoricalMethod { Ordinal, OneHot, Dummy };
enum class UnknownPolicy { Error, Ignore };
CategoricalMethod parse_categorical_method(const std::string& name);  // ordinal | onehot | dummy
UnknownPolicy parse_unknown_policy(const std::string& name);          // error | ignore

class CategoricalEncoder {
 public:
  explicit CategoricalEncoder(CategoricalMethod method, UnknownPolicy unknown = UnknownPolicy::Error);

  // Learns the sorted distinct values. Throws InputError for no values.
  void fit(const std::vector<std::string>& values);
  // Encodes `values`: values.size() × n_features(). `source` names the input in
  // error messages and `lines[i]` is the line of values[i] there (empty: the
  // row number is reported instead).
  Matrix transform(const std::vector<std::string>& values, const std::string& source = "",
                   const std::vector<std::uint64_t>& lines = {}) const;
  SparseMatrix transform_sparse(const std::vector<std::string>& values,
                                const std::string& source = "",
                                const std::vector<std::uint64_t>& lines = {}) const;

  const std::vector<std::string>& categories() const { return categories_; }
  // Category index of `value`, or -1.
  std::int64_t index(std::string_view value) const;
  std::int64_t n_features() const;
  // Column names: {"<name>"} for Ordinal, the categories for OneHot, the
  // categories but the first for Dummy.
  std::vector<std::string> feature_names(const std::string& name = "value") const;

 private:
  // Column of values[i] (the ordinal index for Ordinal), or -1 for "no 1"/unknown.
  std::int64_t encode(const std::string& value, std::size_t row, const std::string& source,
                      const std::vector<std::uint64_t>& lines) const;

  CategoricalMethod method_;
  UnknownPolicy unknown_;
  std::vector<std::string> categories_;
  std::unordered_map<std::string, std::int64_t> index_;
};

}  // namespace embkit
