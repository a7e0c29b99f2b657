#include "encoding/categorical_encoder.h"

#include <algorithm>
#include <stdexcept>

#include "core/error.h"
#include "core/named_values.h"
#include "core/text.h"

namespace embkit {

namespace {

constexpr NamedValue<CategoricalMethod> kMethods[] = {
    {"ordinal", CategoricalMethod::Ordinal}, {"onehot", CategoricalMethod::OneHot},
    {"dummy", CategoricalMethod::Dummy}};
constexpr NamedValue<UnknownPolicy> kUnknownPolicies[] = {
    {"error", UnknownPolicy::Error}, {"ignore", UnknownPolicy::Ignore}};

}  // namespace

CategoricalMethod parse_categorical_method(const std::string& name) {
  return parse_named(kMethods, name, "method");
}

UnknownPolicy parse_unknown_policy(const std::string& name) {
  return parse_named(kUnknownPolicies, name, "unknown");
}

CategoricalEncoder::CategoricalEncoder(CategoricalMethod method, UnknownPolicy unknown)
    : method_(method), unknown_(unknown) {}

void CategoricalEncoder::fit(const std::vector<std::string>& values) {
  if (values.empty()) throw InputError("cannot fit categories: no values");
  categories_ = values;
  std::sort(categories_.begin(), categories_.end());  // byte order = code point order
  categories_.erase(std::unique(categories_.begin(), categories_.end()), categories_.end());
  index_.clear();
  for (std::size_t i = 0; i < categories_.size(); ++i)
    index_.emplace(categories_[i], static_cast<std::int64_t>(i));
}

std::int64_t CategoricalEncoder::index(std::string_view value) const {
  const auto it = index_.find(std::string(value));
  return it == index_.end() ? -1 : it->second;
}

std::int64_t CategoricalEncoder::n_features() const {
  const auto k = static_cast<std::int64_t>(categories_.size());
  switch (method_) {
    case CategoricalMethod::Ordinal: return 1;
    case CategoricalMethod::OneHot: return k;
    case CategoricalMethod::Dummy: return k - 1;
  }
  return 0;
}

std::vector<std::string> CategoricalEncoder::feature_names(const std::string& name) const {
  switch (method_) {
    case CategoricalMethod::Ordinal: return {name};
    case CategoricalMethod::OneHot: return categories_;
    case CategoricalMethod::Dummy:
      return std::vector<std::string>(categories_.begin() + std::min<std::size_t>(1, categories_.size()),
                                      categories_.end());
  }
  return {};
}

std::int64_t CategoricalEncoder::encode(const std::string& value, std::size_t row,
                                        const std::string& source, const std::vector<std::uint64_t>& lines) const {
  const auto it = index_.find(value);
  if (it == index_.end()) {
    if (unknown_ == UnknownPolicy::Error) {
      const std::string message = "unknown category " + quote_input(value) + " (not seen when fitting; " +
                                  std::to_string(categories_.size()) +
                                  " known categories; use " + param("unknown") + " ignore to encode it as " +
                                  (method_ == CategoricalMethod::Ordinal ? "-1)" : "zeros)");
      if (row < lines.size()) throw_input_error(source, lines[row], message);
      throw InputError(located(source, 0, "row " + std::to_string(row + 1) + ": " + message));
    }
    return -1;
  }
  if (method_ == CategoricalMethod::Dummy) return it->second - 1;  // the first category → -1
  return it->second;
}

Matrix CategoricalEncoder::transform(const std::vector<std::string>& values, const std::string& source,
                                     const std::vector<std::uint64_t>& lines) const {
  if (categories_.empty()) throw std::logic_error("CategoricalEncoder::transform called before fit");
  Matrix out = Matrix::Zero(static_cast<Eigen::Index>(values.size()), n_features());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int64_t c = encode(values[i], i, source, lines);
    if (method_ == CategoricalMethod::Ordinal)
      out(i, 0) = static_cast<float>(c);
    else if (c >= 0)
      out(i, c) = 1.0f;
  }
  return out;
}

SparseMatrix CategoricalEncoder::transform_sparse(const std::vector<std::string>& values,
                                                  const std::string& source,
                                                  const std::vector<std::uint64_t>& lines) const {
  if (categories_.empty()) throw std::logic_error("CategoricalEncoder::transform called before fit");
  std::vector<Triplet> triplets;
  triplets.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int64_t c = encode(values[i], i, source, lines);
    const int row = static_cast<int>(i);
    if (method_ == CategoricalMethod::Ordinal) {
      if (c != 0) triplets.emplace_back(row, 0, static_cast<double>(c));  // zeros are implicit
    } else if (c >= 0) {
      triplets.emplace_back(row, static_cast<int>(c), 1.0);
    }
  }
  SparseMatrix out(static_cast<Eigen::Index>(values.size()), n_features());
  out.setFromTriplets(triplets.begin(), triplets.end());
  return out;
}

}  // namespace embkit
