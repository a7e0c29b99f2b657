// Ordinal, one-hot, dummy and bag-of-words encoders: the worked examples of
// issue 2, fit/transform, and the unknown-value policy.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "encoding/bag_of_words.h"
#include "encoding/categorical_encoder.h"

using namespace embkit;

namespace {
const std::vector<std::string> kCountries = {"US", "UK", "NZ"};
}

TEST_CASE("ordinal encoding of US, UK, NZ is 2, 1, 0 (categories sorted)") {
  CategoricalEncoder encoder(CategoricalMethod::Ordinal);
  encoder.fit(kCountries);
  CHECK(encoder.categories() == std::vector<std::string>{"NZ", "UK", "US"});
  const Matrix x = encoder.transform(kCountries);
  REQUIRE(x.rows() == 3);
  REQUIRE(x.cols() == 1);
  CHECK(x(0, 0) == 2);
  CHECK(x(1, 0) == 1);
  CHECK(x(2, 0) == 0);
  CHECK(encoder.feature_names("country") == std::vector<std::string>{"country"});
}

TEST_CASE("one-hot encoding: columns NZ, UK, US; rows [0,0,1] [0,1,0] [1,0,0]") {
  CategoricalEncoder encoder(CategoricalMethod::OneHot);
  encoder.fit(kCountries);
  CHECK(encoder.feature_names() == std::vector<std::string>{"NZ", "UK", "US"});
  Matrix expected(3, 3);
  expected << 0, 0, 1, 0, 1, 0, 1, 0, 0;
  CHECK(encoder.transform(kCountries) == expected);
  CHECK(Matrix(encoder.transform_sparse(kCountries).cast<float>()) == expected);
}

TEST_CASE("dummy encoding drops the first category") {
  CategoricalEncoder encoder(CategoricalMethod::Dummy);
  encoder.fit(kCountries);
  CHECK(encoder.feature_names() == std::vector<std::string>{"UK", "US"});
  Matrix expected(3, 2);
  expected << 0, 1, 1, 0, 0, 0;  // NZ, the reference level, is all zeros
  CHECK(encoder.transform(kCountries) == expected);
  CHECK(Matrix(encoder.transform_sparse(kCountries).cast<float>()) == expected);
}

TEST_CASE("categories repeat, sort by code point and keep the empty value") {
  CategoricalEncoder encoder(CategoricalMethod::OneHot);
  encoder.fit({"b", "a", "b", "", "Z", "é"});
  CHECK(encoder.categories() == std::vector<std::string>{"", "Z", "a", "b", "é"});
  CHECK(encoder.index("b") == 3);
  CHECK(encoder.index("c") == -1);
}

TEST_CASE("unknown categories: error names the value and line, ignore encodes zeros or -1") {
  CategoricalEncoder strict(CategoricalMethod::OneHot, UnknownPolicy::Error);
  strict.fit(kCountries);
  CHECK_THROWS_WITH(strict.transform({"UK", "FR"}, "new.csv", {2, 3}),
                    Catch::Contains("new.csv:3") && Catch::Contains("'FR'"));
  CHECK_THROWS_WITH(strict.transform_sparse({"FR"}), Catch::Contains("row 1") && Catch::Contains("'FR'"));

  CategoricalEncoder onehot(CategoricalMethod::OneHot, UnknownPolicy::Ignore);
  onehot.fit(kCountries);
  CHECK(onehot.transform({"FR"}).isZero());
  CategoricalEncoder ordinal(CategoricalMethod::Ordinal, UnknownPolicy::Ignore);
  ordinal.fit(kCountries);
  CHECK(ordinal.transform({"FR", "US"})(0, 0) == -1);
  CHECK(ordinal.transform_sparse({"FR", "US"}).coeff(0, 0) == -1);
  CategoricalEncoder dummy(CategoricalMethod::Dummy, UnknownPolicy::Ignore);
  dummy.fit(kCountries);
  CHECK(dummy.transform({"FR"}).isZero());

  CHECK_THROWS_AS(CategoricalEncoder(CategoricalMethod::Ordinal).fit({}), InputError);
  CHECK_THROWS_AS(CategoricalEncoder(CategoricalMethod::Ordinal).transform({"x"}), std::logic_error);
  CHECK_THROWS_AS(parse_categorical_method("hash"), UsageError);
  CHECK_THROWS_AS(parse_unknown_policy("skip"), UsageError);
}

TEST_CASE("bag-of-words fit/transform with the unknown policy") {
  const std::vector<std::string> docs = {"the bird sings", "the bird flies high"};
  BagOfWordsEncoder ignore;
  const SparseMatrix x = ignore.fit_transform(docs);
  CHECK(ignore.feature_names() == std::vector<std::string>{"bird", "flies", "high", "sings", "the"});
  CHECK(x.coeff(1, 1) == 1);
  const SparseMatrix y = ignore.transform({"the fish sings sings"});
  CHECK(y.nonZeros() == 2);
  CHECK(y.coeff(0, 3) == 2);

  BagOfWordsEncoder strict({}, UnknownPolicy::Error);
  strict.fit(docs);
  CHECK(strict.transform({"bird the"}).nonZeros() == 2);
  CHECK_THROWS_WITH(strict.transform({"bird", "the fish"}, "new.txt", {1, 2}),
                    Catch::Contains("new.txt:2") && Catch::Contains("'fish'"));
}
