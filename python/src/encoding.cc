// encode: ordinal, one-hot, dummy and bag-of-words encodings (`embkit encode`).
#include "binding.h"
#include "core/error.h"
#include "encoding/bag_of_words.h"
#include "encoding/categorical_encoder.h"

namespace embkit::python {

void bind_encoding(py::module_& m) {
  const CountVectorizerOptions c;
  m.def("encode",
        [](const py::object& values, const std::string& method, const py::object& fit, const std::string& unknown,
           bool binary, const std::string& tokens, bool keep_case, double min_df, double max_df,
           std::int64_t max_features, int threads) {
          if (method != "ordinal" && method != "onehot" && method != "dummy" && method != "bow")
            throw_value_error(param("method") + " must be ordinal, onehot, dummy or bow, got '" + method + "'");
          const auto rows = cast_argument<std::vector<std::string>>(values, "values", "a sequence of str");
          const auto fitted = fit.is_none() ? rows : cast_argument<std::vector<std::string>>(fit, "fit", "a sequence of str");
          if (method == "bow") {
            CountVectorizerOptions o;
            o.binary = binary;
            o.lowercase = !keep_case;
            o.min_df = min_df;
            o.max_df = max_df;
            o.max_features = max_features;
            o.threads = threads;
            std::vector<std::string> names;
            const SparseMatrix X = call([&] {
              o.tokens = parse_token_pattern(tokens);
              validate(o);
              BagOfWordsEncoder encoder(o, parse_unknown_policy(unknown));
              encoder.fit(fitted);
              names = encoder.feature_names();
              return encoder.transform(rows);
            });
            return py::make_tuple(to_scipy(X), names);
          }
          std::vector<std::string> names;
          const Matrix X = call([&] {
            CategoricalEncoder encoder(parse_categorical_method(method), parse_unknown_policy(unknown));
            encoder.fit(fitted);
            names = encoder.feature_names();
            return encoder.transform(rows);
          });
          return py::make_tuple(to_numpy(X), names);
        },
        py::arg("values"), py::arg("method"), py::kw_only(), py::arg("fit") = py::none(), py::arg("unknown") = "error",
        py::arg("binary") = c.binary, py::arg("tokens") = token_pattern_name(c.tokens),
        py::arg("keep_case") = !c.lowercase, py::arg("min_df") = c.min_df, py::arg("max_df") = c.max_df,
        py::arg("max_features") = c.max_features, py::arg("threads") = c.threads, R"doc(
Encodes a sequence of values (`embkit encode`): method "ordinal", "onehot" or
"dummy" gives (float32 array rows x features, feature names); "bow" (documents)
gives (scipy.sparse.csr_matrix of counts, terms). The categories or the
vocabulary are learned from `fit` (default: the values themselves); values not
seen there are an error or ignored (unknown="error" | "ignore").)doc");
}

}  // namespace embkit::python
